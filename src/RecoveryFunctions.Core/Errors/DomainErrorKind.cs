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
}
