namespace RecoveryFunctions.OpenApi;

// What a function declares beside itself so the OpenAPI document is generated from the functions, not written apart.

/// <summary>Who may call a function, for the document's security requirements (and the refusals the gate adds).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CallerAttribute(CallerKind kind) : Attribute
{
    public CallerKind Kind { get; } = kind;
}

public enum CallerKind
{
    /// <summary>A signed-in holder: <c>Authorization: Bearer {sessionToken}</c>.</summary>
    Session,

    /// <summary>A helpdesk agent: an Entra ID access token and the <c>X-Assistance-Reason</c> header.</summary>
    Agent,
}

/// <summary>Names the JSON body a function reads (and so the body reader's refusals).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequestBodyAttribute(Type bodyType) : Attribute
{
    public Type BodyType { get; } = bodyType;
}

/// <summary>A non-problem answer: its status and JSON body record (none for 204), or a file's media type.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ApiResponseAttribute(int status, Type? bodyType = null) : Attribute
{
    public int Status { get; } = status;

    public Type? BodyType { get; } = bodyType;

    /// <summary>Set for a file download (audio, PDF); the body is then binary, not JSON.</summary>
    public string? MediaType { get; init; }
}

/// <summary>
/// The problem codes the function's own handler can answer with, by member name of <c>ProblemCode</c> or
/// <c>HttpProblemCodes</c> (use <c>nameof</c>). The status of each is its code's family; the refusals of the body
/// reader, the caller gates, a subscriber-number route and the unhandled-exception handler are added from the other
/// attributes and the route, so they are not repeated here.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class HttpRefusesAttribute(params string[] codes) : Attribute
{
    public IReadOnlyList<string> Codes { get; } = codes;
}
