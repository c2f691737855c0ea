using System.Reflection;

namespace RecoveryFunctions.Core.Errors;

/// <summary>
/// The refusals a Core step can raise, declared on the step's method beside the code that raises them, by member name
/// of <see cref="ProblemCode"/> (use <c>nameof</c>). A step that calls another declared step declares that step's
/// refusals too. The function app's OpenAPI document reads these declarations (docs/architecture/refusals.md), and a
/// test walks each step's IL and fails when the step can raise a code it does not declare, or declares one it cannot.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RefusesAttribute(params string[] codes) : Attribute
{
    public IReadOnlyList<string> Codes { get; } = codes;

    /// <summary>The codes declared on <paramref name="step"/>; throws when the method declares none.</summary>
    public static IReadOnlyList<ProblemCode> Of(MethodInfo step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var declared = step.GetCustomAttribute<RefusesAttribute>()
            ?? throw new InvalidOperationException($"{step.DeclaringType?.Name}.{step.Name} declares no [Refuses].");
        return [.. declared.Codes.Select(name => typeof(ProblemCode).GetProperty(name, BindingFlags.Public | BindingFlags.Static) is { PropertyType: var type } property && type == typeof(ProblemCode)
            ? (ProblemCode)property.GetValue(null)!
            : throw new InvalidOperationException($"{step.DeclaringType?.Name}.{step.Name} refuses {name}, which is not a member of {nameof(ProblemCode)}."))];
    }
}
