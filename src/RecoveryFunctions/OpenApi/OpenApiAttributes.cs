using System.Reflection;
using RecoveryFunctions.Core.Assistance;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Sessions;
using RecoveryFunctions.Http;

namespace RecoveryFunctions.OpenApi;

// What a function declares beside itself so the OpenAPI document is generated from the functions, not written apart.
// What a Core step can refuse is declared on the step (Core's [Refuses]); a function names its steps with [Step].

/// <summary>Who may call a function, for the document's security requirements (and the refusals its gate adds: <see cref="CallerGate"/>).</summary>
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
/// A Core step the function calls (<c>typeof(Service), nameof(Service.Method)</c>): the operation documents the refusals
/// the step declares beside itself with Core's <see cref="RefusesAttribute"/>. The caller's gate (<see cref="CallerGate"/>)
/// is implied by <see cref="CallerAttribute"/> and not named here.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class StepAttribute(Type type, string method) : Attribute
{
    public Type Type { get; } = type;

    public string Method { get; } = method;

    /// <summary>The step: the one public method of that name on <see cref="Type"/> that declares its refusals.</summary>
    public MethodInfo Resolve()
        => Type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => m.Name == Method && m.GetCustomAttribute<RefusesAttribute>() is not null)
            .ToList() is [var step]
            ? step
            : throw new InvalidOperationException($"{Type.Name}.{Method} is not one Core step with a [Refuses] declaration.");
}

/// <summary>
/// Problem codes the function app itself raises in this function beyond those its body, caller and route imply (a query
/// parameter's check, a URL rule), by member name of <c>ProblemCode</c> or <c>HttpProblemCodes</c> (use <c>nameof</c>).
/// The Core steps' refusals come from <see cref="StepAttribute"/>, never from here.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class HttpRefusesAttribute(params string[] codes) : Attribute
{
    public IReadOnlyList<string> Codes { get; } = codes;
}

/// <summary>What each caller's gate runs before the function's handler, so its refusals are implied by <see cref="CallerAttribute"/>.</summary>
internal static class CallerGate
{
    /// <summary>The gate's Core step: the session look-up (<c>ApiEndpoint</c>), or the agent's reason (<c>AssistanceEndpoint</c>).</summary>
    public static MethodInfo Step(CallerKind kind) => kind switch
    {
        CallerKind.Session => typeof(SessionService).GetMethod(nameof(SessionService.AuthenticateAsync))!,
        CallerKind.Agent => typeof(AssistanceReason).GetMethod(nameof(AssistanceReason.Require))!,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a caller kind."),
    };

    /// <summary>The gate's own refusals in the function app: the agent's access token (<c>AgentAuthenticator</c>).</summary>
    public static IReadOnlyList<ProblemCode> HttpCodes(CallerKind kind)
        => kind == CallerKind.Agent ? [HttpProblemCodes.AgentUnauthenticated, HttpProblemCodes.AgentForbidden] : [];
}
