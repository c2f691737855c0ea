using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RecoveryFunctions.DevServices.Email;

/// <summary>
/// Checks an ACS access-key signature the way the service does, from the request as received: recomputes the body
/// hash and the signature, and bounds x-ms-date. Written apart from the client's signer so that one cannot hide the
/// other's mistake.
/// </summary>
public sealed class LocalAcsHmacVerifier(LocalAcsEmailOptions options, TimeProvider timeProvider)
{
    private const string Scheme = "HMAC-SHA256 ";
    private const string ExpectedSignedHeaders = "x-ms-date;host;x-ms-content-sha256";

    /// <returns>Null when the request is authentic, else the reason it is not.</returns>
    public string? Verify(string method, string pathAndQuery, string? host, string? date, string? contentHash, string? authorization, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(authorization) || !authorization.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return "Authorization must use the HMAC-SHA256 scheme.";
        }

        string? signedHeaders = null;
        string? signature = null;
        foreach (var part in authorization[Scheme.Length..].Split('&'))
        {
            if (part.StartsWith("SignedHeaders=", StringComparison.Ordinal))
            {
                signedHeaders = part["SignedHeaders=".Length..];
            }
            else if (part.StartsWith("Signature=", StringComparison.Ordinal))
            {
                signature = part["Signature=".Length..];
            }
        }

        if (!string.Equals(signedHeaders, ExpectedSignedHeaders, StringComparison.OrdinalIgnoreCase) || string.IsNullOrEmpty(signature))
        {
            return $"Authorization must carry SignedHeaders={ExpectedSignedHeaders} and a Signature.";
        }

        if (string.IsNullOrEmpty(host))
        {
            return "The Host header is missing.";
        }

        if (string.IsNullOrEmpty(date)
            || !DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            return "x-ms-date is missing or not an RFC 1123 date.";
        }

        if ((timeProvider.GetUtcNow() - signedAt).Duration() > options.AllowedClockSkew)
        {
            return "x-ms-date is too far from the current time.";
        }

        var actualHash = Convert.ToBase64String(SHA256.HashData(body));
        if (contentHash is null || !FixedTimeEquals(actualHash, contentHash))
        {
            return "x-ms-content-sha256 does not match the body.";
        }

        var key = Convert.FromBase64String(options.AccessKey);
        var stringToSign = string.Concat(method.ToUpperInvariant(), "\n", pathAndQuery, "\n", date, ";", host, ";", actualHash);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        return FixedTimeEquals(expected, signature) ? null : "The signature does not match.";
    }

    private static bool FixedTimeEquals(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));
}
