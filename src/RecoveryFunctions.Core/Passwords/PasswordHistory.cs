using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Options;

namespace RecoveryFunctions.Core.Passwords;

/// <summary>"Not one of the last N": history is a list of stored hashes, newest first, current password included.</summary>
public sealed class PasswordHistory(IPasswordHasher hasher, IOptions<PasswordOptions> options)
{
    private readonly int _length = options.Value.HistoryLength;

    /// <summary>How many hashes are kept and checked (<see cref="Accounts.Account.ChangePassword"/> trims to it).</summary>
    public int Length => _length;

    public static PasswordRuleViolation Violation { get; } = new(PasswordRuleCodes.Reused, null);

    /// <summary>True when the candidate matches one of the newest <c>HistoryLength</c> hashes.</summary>
    public bool IsReused(string candidate, IEnumerable<string> historyHashes)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(historyHashes);

        // Every entry is verified (no early exit): the cost is the same whichever entry matches.
        var reused = false;
        foreach (var hash in historyHashes.Take(_length))
        {
            reused |= hasher.Verify(candidate, hash);
        }

        return reused;
    }
}
