namespace RecoveryFunctions.Core.Errors;

/// <summary>
/// The HTTP family of a refusal, declared once per <see cref="ProblemCode"/>. Each value is the status number the
/// function app answers with, so Core stays free of HTTP types while the status is still chosen in one place.
/// </summary>
public enum ProblemFamily
{
    Validation = 400,
    Unauthorized = 401,
    Forbidden = 403,
    NotFound = 404,
    Conflict = 409,
    Gone = 410,

    /// <summary>Transport only: raised by the function app's body reader, never by the domain.</summary>
    PayloadTooLarge = 413,

    /// <summary>Transport only: raised by the function app's body reader, never by the domain.</summary>
    UnsupportedMediaType = 415,

    Locked = 423,
    TooManyRequests = 429,
    Internal = 500,

    /// <summary>A service the step depends on does not answer (fail closed, with Retry-After).</summary>
    Unavailable = 503,
}
