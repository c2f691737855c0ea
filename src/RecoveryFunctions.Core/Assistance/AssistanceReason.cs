using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Core.Errors;

namespace RecoveryFunctions.Core.Assistance;

/// <summary>
/// The mandatory reason of an agent call (contract §4: 10 to 500 characters, counted as a reader sees them), checked
/// before anything is read or written.
/// </summary>
public static class AssistanceReason
{
    public const int MinimumLength = 10;
    public const int MaximumLength = 500;

    /// <returns>The trimmed reason.</returns>
    /// <exception cref="DomainException">
    /// <c>reason-characters-forbidden</c> when it holds a character of <see cref="AuditText"/>'s rule (a line break,
    /// a separator, a bidirectional control, an invisible character), which would let a reason forge lines, reorder
    /// text or show blank in the audit trail; <c>reason-required</c> when missing, or shorter or longer than the
    /// bounds in visible characters (<see cref="AuditText.VisibleLength"/>: combining marks do not pad it).
    /// </exception>
    [Refuses(nameof(ProblemCode.ReasonCharactersForbidden), nameof(ProblemCode.ReasonRequired))]
    public static string Require(string? reason)
    {
        var trimmed = reason?.Trim() ?? "";
        if (!AuditText.IsClean(trimmed))
        {
            throw new DomainException(ProblemCode.ReasonCharactersForbidden);
        }

        if (AuditText.VisibleLength(trimmed) is < MinimumLength or > MaximumLength)
        {
            throw new DomainException(ProblemCode.ReasonRequired);
        }

        return trimmed;
    }
}
