using RecoveryFunctions.Core.Errors;

namespace RecoveryFunctions.Core.Assistance;

/// <summary>The mandatory reason of an agent call (SPEC §4: 10 to 500 characters), checked before anything is read or written.</summary>
public static class AssistanceReason
{
    public const int MinimumLength = 10;
    public const int MaximumLength = 500;

    /// <returns>The trimmed reason.</returns>
    /// <exception cref="DomainException"><c>reason-required</c> when missing, too short, too long or with control characters.</exception>
    public static string Require(string? reason)
    {
        var trimmed = reason?.Trim() ?? "";
        // Control characters would let a reason forge extra lines in an audit export.
        if (trimmed.Length is < MinimumLength or > MaximumLength || trimmed.Any(char.IsControl))
        {
            throw new DomainException(ErrorCodes.ReasonRequired, DomainErrorKind.Validation);
        }

        return trimmed;
    }
}
