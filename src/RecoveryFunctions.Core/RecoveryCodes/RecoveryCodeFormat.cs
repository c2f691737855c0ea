using System.Security.Cryptography;
using System.Text;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.RecoveryCodes;

/// <summary>
/// Saved recovery codes (docs/security/recovery-codes.md): <see cref="SetSize"/> codes of <see cref="Length"/>
/// characters from the email codes' 31-character alphabet (no 0/O, 1/I/L), about 118.9 bits each — over the 112 bits
/// from which OWASP ASVS 5.0 6.5.2 lets a lookup secret be stored as a plain keyed hash instead of a salted slow one.
/// Written in <see cref="Groups"/> groups of 4 ("7K3M-…"), easy to copy by hand; input is case-insensitive and may
/// keep, drop or change the separators (<see cref="CodeGenerator.TryNormalize(string?, int, out string)"/>).
/// </summary>
public static class RecoveryCodeFormat
{
    public const int SetSize = 10;
    public const int Length = 24;
    public const int Groups = Length / GroupLength;
    private const int GroupLength = 4;

    /// <summary>Bits of entropy of one code: <see cref="Length"/> × log2(31).</summary>
    public static double EntropyBits => Length * Math.Log2(CodeGenerator.Alphabet.Length);

    public static string NewCode() => RandomNumberGenerator.GetString(CodeGenerator.Alphabet, Length);

    /// <summary>Any spacing or case of a code → its <see cref="Length"/> characters; false for anything else.</summary>
    public static bool TryNormalize(string? input, out string code) => CodeGenerator.TryNormalize(input, Length, out code);

    /// <summary>"ABCD…" → "ABCD-EFGH-…".</summary>
    public static string Format(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return string.Join('-', code.Chunk(GroupLength).Select(group => new string(group)));
    }

    /// <summary>
    /// The keyed hash stored for a code (HMAC-SHA256 under the token key ring), scoped to the account so the same code on
    /// two accounts hashes apart and a hash copied from one row to another fails.
    /// </summary>
    public static string Hash(TokenKeyRing ring, string subscriberNumber, string normalizedCode)
    {
        ArgumentNullException.ThrowIfNull(ring);
        return ring.HashCode(Scope(subscriberNumber), normalizedCode);
    }

    /// <summary>The hashes a typed code may be stored under: current key, then previous (rotation).</summary>
    public static IReadOnlyList<string> CandidateHashes(TokenKeyRing ring, string subscriberNumber, string normalizedCode)
    {
        ArgumentNullException.ThrowIfNull(ring);
        return ring.CandidateCodeHashes(Scope(subscriberNumber), normalizedCode);
    }

    /// <summary>
    /// Whether one of <paramref name="candidates"/> is in <paramref name="stored"/>, comparing in fixed time against
    /// at least <see cref="SetSize"/> entries (decoys stand in for missing ones): a full set, a spent one and an address
    /// without an account cost the same comparisons.
    /// </summary>
    public static bool Matches(IReadOnlyList<string> stored, IReadOnlyCollection<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(candidates);
        var found = false;
        for (var i = 0; i < Math.Max(SetSize, stored.Count); i++)
        {
            var entry = Encoding.ASCII.GetBytes(i < stored.Count ? stored[i] : DecoyHash);
            foreach (var candidate in candidates)
            {
                found |= CryptographicOperations.FixedTimeEquals(entry, Encoding.ASCII.GetBytes(candidate));
            }
        }

        return found;
    }

    // The length of a stored hash (32 bytes, base64url); '*' is not base64url, so no MAC can ever equal it.
    private static readonly string DecoyHash = new('*', 43);

    private static string Scope(string subscriberNumber) => "recovery-code:" + subscriberNumber;
}
