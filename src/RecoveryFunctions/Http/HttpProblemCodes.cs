using RecoveryFunctions.Core.Errors;

namespace RecoveryFunctions.Http;

/// <summary>
/// Problem codes only the function app raises: the body reader's transport refusals, the agent gate, the URL rule
/// and the unhandled-exception answer. The domain's codes are <see cref="ProblemCode"/>'s own members.
/// </summary>
internal static class HttpProblemCodes
{
    public static ProblemCode BodyRequired { get; } = new("body-required", ProblemFamily.Validation);

    public static ProblemCode BodyTooLarge { get; } = new("body-too-large", ProblemFamily.PayloadTooLarge);

    public static ProblemCode BodyMalformed { get; } = new("body-malformed", ProblemFamily.Validation);

    public static ProblemCode BodyFramingInvalid { get; } = new("body-framing-invalid", ProblemFamily.Validation);

    public static ProblemCode UnsupportedMediaType { get; } = new("unsupported-media-type", ProblemFamily.UnsupportedMediaType);

    public static ProblemCode EmailInUrl { get; } = new("email-in-url", ProblemFamily.Validation);

    public static ProblemCode AgentUnauthenticated { get; } = new("agent-unauthenticated", ProblemFamily.Unauthorized);

    public static ProblemCode AgentForbidden { get; } = new("agent-forbidden", ProblemFamily.Forbidden);

    public static ProblemCode InternalError { get; } = new("internal-error", ProblemFamily.Internal);

    /// <summary>The throttle cache did not answer: the step fails closed rather than count nothing (docs/decisions/0008-throttles-in-a-cache.md).</summary>
    public static ProblemCode ServiceUnavailable { get; } = new("service-unavailable", ProblemFamily.Unavailable);
}
