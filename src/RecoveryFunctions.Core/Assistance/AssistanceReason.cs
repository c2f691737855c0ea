using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Core.Errors;

namespace RecoveryFunctions.Core.Assistance;

/// <summary>The mandatory reason of an agent call (SPEC §4: 10 to 500 characters), checked before anything is read or written.</summary>
public static class AssistanceReason
{
    public const int MinimumLength = 10;
    public const int MaximumLength = 500;

    /// <returns>The trimmed reason.</returns>
    /// <exception cref="DomainException">
    /// <c>reason-required</c> when missing, too short or too long; <c>reason-characters-forbidden</c> when it holds a
    /// character of <see cref="AuditText"/>'s rule (a line break, a separator, a bidirectional override), which
    /// would let a reason forge lines or reorder text in the audit trail.
    /// </exception>
    public static string Require(string? reason)
    {
        var trimmed = reason?.Trim() ?? "";
        if (trimmed.Length is < MinimumLength or > MaximumLength)
        {
            throw new DomainException(ProblemCode.ReasonRequired);
        }

        if (!AuditText.IsClean(trimmed))
        {
            throw new DomainException(ProblemCode.ReasonCharactersForbidden);
        }

        return trimmed;
    }
}
