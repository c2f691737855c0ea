namespace RecoveryFunctions.Core.Errors;

/// <summary>
/// A refusal the client should see as a 4xx problem with a stable <see cref="Code"/>. Thrown by the
/// domain, mapped to HTTP in one place (the function app's problem factory).
/// </summary>
public sealed class DomainException(string code, DomainErrorKind kind, IReadOnlyDictionary<string, string[]>? errors = null, TimeSpan? retryAfter = null)
    : Exception(code)
{
    public string Code { get; } = code;

    public DomainErrorKind Kind { get; } = kind;

    /// <summary>Field errors: JSON property path → codes.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; } = errors;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    public static DomainException Validation(string field, params string[] codes)
        => new(ErrorCodes.ValidationFailed, DomainErrorKind.Validation, new Dictionary<string, string[]> { [field] = codes });
}
