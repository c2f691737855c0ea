namespace RecoveryFunctions.Core.Errors;

/// <summary>The HTTP family of a refusal; the code says which one precisely.</summary>
public enum DomainErrorKind
{
    Validation,
    Unauthorized,
    Forbidden,
    NotFound,
    Gone,
    Conflict,
    Locked,
    TooManyRequests,

    /// <summary>A service the step depends on did not answer usably: the step is refused (fail closed), to be retried later.</summary>
    Unavailable,
}
