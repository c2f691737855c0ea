namespace RecoveryFunctions.OpenApi;

/// <summary>Who may call a function, for the OpenAPI document's security requirements.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CallerAttribute(CallerKind kind) : Attribute
{
    public CallerKind Kind { get; } = kind;
}
