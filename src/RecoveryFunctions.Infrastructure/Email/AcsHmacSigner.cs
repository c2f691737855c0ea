using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RecoveryFunctions.Infrastructure.Email;

/// <summary>
/// The Azure Communication Services access-key scheme: HMAC-SHA256, keyed with the base64-decoded access key, over
/// "VERB\n{path and query}\n{x-ms-date};{host};{x-ms-content-sha256}".
/// </summary>
public static class AcsHmacSigner
{
    public const string SignedHeaders = "x-ms-date;host;x-ms-content-sha256";

    /// <summary>x-ms-date: RFC 1123, always GMT and invariant culture.</summary>
    public static string FormatDate(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture);

    /// <summary>x-ms-content-sha256: base64 SHA-256 of the exact body bytes (of nothing for a GET).</summary>
    public static string ComputeContentHash(ReadOnlySpan<byte> body) => Convert.ToBase64String(SHA256.HashData(body));

    public static string BuildStringToSign(string method, string pathAndQuery, string date, string host, string contentHash) =>
        $"{method.ToUpperInvariant()}\n{pathAndQuery}\n{date};{host};{contentHash}";

    public static string ComputeSignature(ReadOnlySpan<byte> key, string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));

    public static string FormatAuthorization(string signature) =>
        $"HMAC-SHA256 SignedHeaders={SignedHeaders}&Signature={signature}";

    /// <summary>The value signed as "host": the URI's authority, i.e. host plus port when it is not the scheme's default.</summary>
    public static string SignedHost(Uri uri) => uri.Authority;
}
