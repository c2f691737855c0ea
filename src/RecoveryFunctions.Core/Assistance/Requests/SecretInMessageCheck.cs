using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Answers;
using RecoveryFunctions.Core.Passwords;

namespace RecoveryFunctions.Core.Assistance.Requests;

/// <summary>
/// Finds the account's own password or security answer typed into a request's message. Only Argon2id hashes are
/// stored, so each candidate costs one hash evaluation: the check takes a fixed number of candidates
/// (<see cref="PerSecret"/> for each secret) and always spends exactly that many evaluations — against the account's hashes when a
/// request matched one, against a dummy hash otherwise — so a matched, unmatched or pending account costs the
/// same time. Candidates: whitespace-separated words long enough to be a password first, then the message's
/// sentences and quoted or colon-introduced phrases short enough to be an answer. Best effort by design: a secret
/// hidden past the budget is not seen.
/// </summary>
public sealed class SecretInMessageCheck(IPasswordHasher hasher)
{
    /// <summary>Candidates checked for each secret: at most this many words against the password, as many phrases against the answer.</summary>
    public const int PerSecret = 3;
    public const int Budget = 2 * PerSecret;
    private const int MinPasswordLength = 8;
    private const int MaxPasswordLength = 128;
    private static readonly char[] WordTrim = ['"', '\'', '«', '»', '“', '”', '(', ')', '[', ']', ',', ';', '.', ':', '!', '?'];
    private static readonly char[] PhraseSeparators = ['\n', '\r', '.', ';', ':', '!', '?', '"', '«', '»', '“', '”', '(', ')'];

    /// <returns>True when a candidate is the password or the answer of <paramref name="account"/> (null: none matched).</returns>
    public bool Contains(string message, Account? account)
    {
        ArgumentNullException.ThrowIfNull(message);
        var all = Candidates(message).ToList();
        var candidates = all.Where(c => !c.IsAnswer).Take(PerSecret).Concat(all.Where(c => c.IsAnswer).Take(PerSecret)).ToList();
        var found = false;
        for (var i = 0; i < Budget; i++)
        {
            if (account is null || i >= candidates.Count)
            {
                hasher.DummyVerify(message);
                continue;
            }

            var (text, isAnswer) = candidates[i];
            found |= isAnswer ? hasher.Verify(text, account.SecurityAnswerHash) : hasher.Verify(text, account.PasswordHash);
        }

        return found;
    }

    internal static IEnumerable<(string Text, bool IsAnswer)> Candidates(string message)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var word in new[] { raw, raw.Trim(WordTrim) })
            {
                if (word.Length is >= MinPasswordLength and <= MaxPasswordLength && seen.Add("p" + word))
                {
                    yield return (word, false);
                }
            }
        }

        foreach (var phrase in message.Split(PhraseSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (SecurityAnswerNormalizer.TryNormalize(phrase, out var normalized, out _) && seen.Add("a" + normalized))
            {
                yield return (normalized, true);
            }
        }
    }
}
