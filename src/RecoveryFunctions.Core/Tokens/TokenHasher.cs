using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace RecoveryFunctions.Core.Tokens;

/// <summary>
/// HMAC-SHA256 of tokens and codes (base64url): what the stores keep instead of the secret. A stolen table
/// without the key cannot be turned back into working links, and a keyed hash needs no salt to resist lookup tables.
/// </summary>
public static class TokenHasher
{
    public static string Hash(ReadOnlySpan<byte> key, string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Mac(key, token);
    }

    /// <summary>
    /// Codes are short, so the same code can be issued to two accounts; the scope (flow or account key) goes
    /// into the MAC so their hashes differ. The "code:" prefix cannot start a token (':' is not base64url).
    /// </summary>
    public static string HashCode(ReadOnlySpan<byte> key, string scope, string code)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        ArgumentNullException.ThrowIfNull(code);
        return Mac(key, string.Concat("code:", scope, ":", code));
    }

    /// <summary>
    /// The stored name of a throttle key (an address, an IP): keyed, so a table dump cannot be checked against a
    /// list of addresses. The "throttle:" prefix keeps it apart from token and code hashes.
    /// </summary>
    public static string HashThrottleKey(ReadOnlySpan<byte> key, string scope, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        ArgumentNullException.ThrowIfNull(value);
        return Mac(key, string.Concat("throttle:", scope, ":", value));
    }

    private static string Mac(ReadOnlySpan<byte> key, string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, bytes, mac);
        CryptographicOperations.ZeroMemory(bytes);
        return Base64Url.EncodeToString(mac);
    }
}
