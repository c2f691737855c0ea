namespace RecoveryFunctions.OpenApi;

/// <summary>Names the JSON body a function reads, so the OpenAPI document is generated from the functions themselves.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequestBodyAttribute(Type bodyType) : Attribute
{
    public Type BodyType { get; } = bodyType;
}
