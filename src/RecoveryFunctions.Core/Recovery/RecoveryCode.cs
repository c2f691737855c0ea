using System.Security.Cryptography;
using System.Text;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Recovery;

/// <summary>
/// The emailed code, stored as "salt:HMAC(salt, code)". The random salt binds the hash to one flow
/// (the same code for two flows hashes differently) and is known before the row exists, so the flow is
/// written once.
/// </summary>
public static class RecoveryCode
{
    public static string Protect(TokenKeyRing ring, string code)
    {
        ArgumentNullException.ThrowIfNull(ring);
        var salt = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return salt + ":" + ring.HashCode(salt, code);
    }

    public static bool Matches(TokenKeyRing ring, string? stored, string typed)
    {
        ArgumentNullException.ThrowIfNull(ring);
        var parts = (stored ?? "").Split(':', 2);
        if (parts.Length != 2 || !CodeGenerator.TryNormalize(typed, out var code))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(parts[1]);
        var match = false;
        foreach (var candidate in ring.CandidateCodeHashes(parts[0], code))
        {
            match |= CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), expected);
        }

        return match;
    }
}
