using System.Security.Cryptography;
using System.Text;

namespace RecoveryFunctions.Core.Tokens;

/// <summary>
/// A short secret a person types (an emailed code, a captcha answer), stored as "salt:HMAC(salt, secret)".
/// The random salt binds the hash to one row (the same secret in two rows hashes differently) and is known
/// before the row exists, so the row is written once. Checked in constant time under every accepted key.
/// </summary>
public static class SaltedSecret
{
    public static string Protect(TokenKeyRing ring, string secret)
    {
        ArgumentNullException.ThrowIfNull(ring);
        var salt = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return salt + ":" + ring.HashCode(salt, secret);
    }

    /// <param name="secret">Already normalised the way it was when protected.</param>
    public static bool Matches(TokenKeyRing ring, string? stored, string secret)
    {
        ArgumentNullException.ThrowIfNull(ring);
        var parts = (stored ?? "").Split(':', 2);
        if (parts.Length != 2)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(parts[1]);
        var match = false;
        foreach (var candidate in ring.CandidateCodeHashes(parts[0], secret))
        {
            match |= CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), expected);
        }

        return match;
    }
}
