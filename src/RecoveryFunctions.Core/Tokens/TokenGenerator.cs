using System.Buffers.Text;
using System.Security.Cryptography;

namespace RecoveryFunctions.Core.Tokens;

/// <summary>Opaque tokens for links, sessions and flows: 256 random bits, base64url without padding (43 characters).</summary>
public static class TokenGenerator
{
    public const int ByteLength = 32;
    public const int TextLength = 43;

    public static string NewToken()
    {
        Span<byte> bytes = stackalloc byte[ByteLength];
        RandomNumberGenerator.Fill(bytes);
        var token = Base64Url.EncodeToString(bytes);
        CryptographicOperations.ZeroMemory(bytes);
        return token;
    }

    /// <summary>Shape check before any look-up, so garbage never reaches the store.</summary>
    public static bool IsWellFormed(string? token)
    {
        return token is { Length: TextLength }
            && Base64Url.IsValid(token, out var decodedLength)
            && decodedLength == ByteLength;
    }
}
