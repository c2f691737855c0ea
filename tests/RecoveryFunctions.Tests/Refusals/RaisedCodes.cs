using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Functions;
using RecoveryFunctions.Http;

namespace RecoveryFunctions.Tests.Refusals;

/// <summary>
/// The problem codes a method can raise, read from its IL rather than from tests that happen to provoke them: every
/// load of a <see cref="ProblemCode"/> or <see cref="HttpProblemCodes"/> member in the method and in everything of
/// the app it can reach (calls, constructors, lambdas and method groups through <c>ldftn</c>, async and iterator state
/// machines, every implementation in the app of an interface or virtual method it calls). A method carrying Core's
/// <see cref="RefusesAttribute"/> is not entered: it stands for its declaration, which is checked on its own.
/// The walk is per method, not per argument: a helper that picks its code from an argument (RecoveryFlow.Refuse)
/// counts every code it can pick, so the result is a superset of what the method can raise, never less.
/// </summary>
internal sealed class RaisedCodes
{
    private static readonly Assembly[] App = [typeof(ProblemCode).Assembly, typeof(OpenApiFunction).Assembly];
    private static readonly Type[] CodeHolders = [typeof(ProblemCode), typeof(HttpProblemCodes)];
    private static readonly Type[] AppTypes = [.. App.SelectMany(a => a.GetTypes())];

    private static readonly Dictionary<short, OpCode> ByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private readonly Dictionary<ProblemCode, HashSet<MethodBase>> _codes = [];
    private readonly HashSet<MethodInfo> _steps = [];
    private readonly List<string> _unsound = [];
    private readonly HashSet<MethodBase> _visited = [];

    private RaisedCodes()
    {
    }

    /// <summary>Each code the walk found, with the methods that load it.</summary>
    public IReadOnlyDictionary<ProblemCode, HashSet<MethodBase>> Codes => _codes;

    /// <summary>The declared Core steps the walk reached and did not enter.</summary>
    public IReadOnlySet<MethodInfo> Steps => _steps;

    /// <summary>What the walk cannot follow soundly (a code built or stored outside the two code holders); empty when sound.</summary>
    public IReadOnlyList<string> Unsound => _unsound;

    /// <summary>The codes loaded and those declared by the steps reached: all the method can raise, each with where it comes from.</summary>
    public IEnumerable<(ProblemCode Code, IReadOnlySet<string> Where)> WithSteps()
        => _codes.SelectMany(c => c.Value.Select(m => (c.Key, Where: Name(m))))
            .Concat(_steps.SelectMany(s => RefusesAttribute.Of(s).Select(c => (c, Where: $"[Refuses] of {Name(s)}"))))
            .GroupBy(r => r.Item1)
            .Select(g => (g.Key, (IReadOnlySet<string>)g.Select(r => r.Where).ToHashSet(StringComparer.Ordinal)));

    public static RaisedCodes Of(MethodInfo root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var walk = new RaisedCodes();
        var pending = new Stack<MethodBase>([root]);
        while (pending.TryPop(out var method))
        {
            if (!walk._visited.Add(method) || !App.Contains(method.Module.Assembly))
            {
                continue;
            }

            if (method != root && method is MethodInfo info && info.GetCustomAttribute<RefusesAttribute>() is not null)
            {
                walk._steps.Add(info);
                continue;
            }

            foreach (var next in walk.Read(method))
            {
                pending.Push(next);
            }
        }

        return walk;
    }

    /// <summary>The codes this method loads are recorded; the methods it can run next are returned.</summary>
    private List<MethodBase> Read(MethodBase method)
    {
        var next = new List<MethodBase>();
        if (method.GetCustomAttribute<StateMachineAttribute>() is { } machine)
        {
            next.Add(machine.StateMachineType.GetMethod(nameof(IAsyncStateMachine.MoveNext), BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)!);
        }

        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            return next;
        }

        var typeArguments = method.DeclaringType is { IsGenericType: true } type ? type.GetGenericArguments() : null;
        var methodArguments = method is MethodInfo { IsGenericMethod: true } ? method.GetGenericArguments() : null;
        var where = Name(method);
        for (var at = 0; at < il.Length;)
        {
            var opCode = il[at] == 0xFE ? ByValue[(short)(0xFE00 | il[at + 1])] : ByValue[il[at]];
            at += opCode.Size;
            var operandStart = at;
            at += OperandSize(opCode.OperandType, il, at);
            if (opCode.OperandType == OperandType.InlineMethod)
            {
                var target = method.Module.ResolveMethod(BitConverter.ToInt32(il, operandStart), typeArguments, methodArguments)!;
                if (target is MethodInfo { IsStatic: true, IsSpecialName: true } getter && CodeHolders.Contains(getter.DeclaringType) && getter.ReturnType == typeof(ProblemCode))
                {
                    var code = (ProblemCode)getter.Invoke(null, null)!;
                    (_codes.TryGetValue(code, out var places) ? places : _codes[code] = []).Add(method);
                }
                else if (target.DeclaringType == typeof(ProblemCode) && target.IsConstructor && !CodeHolders.Contains(method.DeclaringType))
                {
                    _unsound.Add($"{where} builds a {nameof(ProblemCode)} of its own");
                }
                else if (App.Contains(target.Module.Assembly))
                {
                    var definition = Definition(target);
                    next.Add(definition);
                    if ((opCode == OpCodes.Callvirt || opCode == OpCodes.Ldvirtftn) && definition.IsVirtual)
                    {
                        next.AddRange(Implementations(definition));
                    }
                }
            }
            else if (opCode.OperandType == OperandType.InlineField
                && method.Module.ResolveField(BitConverter.ToInt32(il, operandStart), typeArguments, methodArguments) is { } field
                && field.FieldType == typeof(ProblemCode) && !CodeHolders.Contains(field.DeclaringType) && field.DeclaringType != typeof(DomainException))
            {
                // A code kept in a field was loaded where the field was set, which this walk may never reach.
                _unsound.Add($"{where} reads or writes {field.DeclaringType?.Name}.{field.Name}, a {nameof(ProblemCode)} field");
            }
        }

        return next;
    }

    /// <summary><c>Type.Method</c>, for messages.</summary>
    public static string Name(MethodBase method) => $"{method.DeclaringType?.Name}.{method.Name}";

    /// <summary>The open definition behind a call to a generic method or a member of a generic type: its IL is the one read.</summary>
    private static MethodBase Definition(MethodBase target) => target.Module.ResolveMethod(target.MetadataToken)!;

    /// <summary>Every method of the app that a virtual or interface call to <paramref name="declared"/> can land in.</summary>
    private static IEnumerable<MethodBase> Implementations(MethodBase declared)
    {
        var owner = declared.DeclaringType!;
        foreach (var type in AppTypes.Where(t => !t.IsInterface && t != owner))
        {
            if (owner.IsInterface)
            {
                foreach (var contract in type.GetInterfaces().Where(i => (i.IsGenericType ? i.GetGenericTypeDefinition() : i) == owner))
                {
                    var map = type.GetInterfaceMap(contract);
                    for (var i = 0; i < map.InterfaceMethods.Length; i++)
                    {
                        if (map.InterfaceMethods[i].MetadataToken == declared.MetadataToken && map.TargetMethods[i].DeclaringType == type)
                        {
                            yield return Definition(map.TargetMethods[i]);
                        }
                    }
                }
            }
            else if (type.IsSubclassOf(owner))
            {
                foreach (var candidate in type.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    var root = candidate.GetBaseDefinition();
                    if (root.Module == declared.Module && root.MetadataToken == ((MethodInfo)declared).GetBaseDefinition().MetadataToken)
                    {
                        yield return Definition(candidate);
                    }
                }
            }
        }
    }

    private static int OperandSize(OperandType operand, byte[] il, int at) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
        _ => 4,
    };
}
