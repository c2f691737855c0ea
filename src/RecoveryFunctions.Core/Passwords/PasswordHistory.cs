using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Options;

namespace RecoveryFunctions.Core.Passwords;

/// <summary>"Not one of the last N": history is a list of stored hashes, newest first, current password included.</summary>
public sealed class PasswordHistory(IPasswordHasher hasher, IOptions<PasswordOptions> options)
{
    private readonly int _length = options.Value.HistoryLength;

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

    /// <summary>The history to store after a change: the new hash first, trimmed to <c>HistoryLength</c>.</summary>
    public IReadOnlyList<string> Push(IEnumerable<string> historyHashes, string newHash)
    {
        ArgumentNullException.ThrowIfNull(historyHashes);
        ArgumentException.ThrowIfNullOrEmpty(newHash);
        return [.. historyHashes.Prepend(newHash).Take(_length)];
    }
}
