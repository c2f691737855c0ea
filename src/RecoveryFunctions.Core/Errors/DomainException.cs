namespace RecoveryFunctions.Core.Errors;

/// <summary>
/// A refusal the client should see as a 4xx problem with a stable code. Thrown by the domain, mapped to HTTP in one
/// place (the function app's problem factory); the status comes from <see cref="ProblemCode.Family"/>.
/// </summary>
public sealed class DomainException(ProblemCode problem, IReadOnlyDictionary<string, string[]>? errors = null, TimeSpan? retryAfter = null, int? attemptsLeft = null)
    : Exception(problem.Value)
{
    public ProblemCode Problem { get; } = problem;

    /// <summary>The code's wire value (what clients, metrics and logs see).</summary>
    public string Code => Problem.Value;

    public ProblemFamily Family => Problem.Family;

    /// <summary>Field errors: JSON property path → <see cref="FieldCodes"/>.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; } = errors;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>Tries left before a lock, for refusals that count attempts (a wrong code or answer).</summary>
    public int? AttemptsLeft { get; } = attemptsLeft;

    public static DomainException Validation(string field, params string[] codes)
        => new(ProblemCode.ValidationFailed, new Dictionary<string, string[]> { [field] = codes });
}
