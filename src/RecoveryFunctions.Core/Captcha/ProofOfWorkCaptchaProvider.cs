using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Captcha;

/// <summary>The challenge as the ALTCHA widget reads it (protocol v1, the salt + number one).</summary>
public sealed record AltchaChallenge(string Algorithm, string Challenge, int MaxNumber, string Salt, string Signature);

/// <summary>
/// An ALTCHA-compatible proof of work: the browser finds the number n with SHA-256(salt + n) = challenge, which
/// costs on average MaxNumber/2 hashes and nothing to read or hear. The salt carries <c>?expires=</c> as ALTCHA
/// does; the signature is HMAC-SHA256 of the challenge under a key derived per step from the token key, so a
/// challenge issued for one step cannot be signed for another. The sealed challenge keeps the challenge: single use comes from
/// its spent marker, like every captcha.
/// </summary>
public sealed class ProofOfWorkCaptchaProvider(ITokenKeyProvider keys, IOptions<CaptchaOptions> options) : ICaptchaProvider
{
    public const string Algorithm = "SHA-256";

    /// <summary>A widget payload is about 300 bytes; anything far larger is not one.</summary>
    private const int MaxProofLength = 2048;

    public CaptchaProviderKind Kind => CaptchaProviderKind.ProofOfWork;

    public async ValueTask<CaptchaPart> IssueAsync(CaptchaPurpose purpose, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        var ring = await keys.GetKeyRingAsync(cancellationToken);
        var maxNumber = options.Value.ProofOfWork.MaxNumber;
        // ALTCHA's salt: random hex, then URL parameters, closed by '&' so no parameter can be spliced on.
        var salt = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))
            + "?expires=" + expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + "&";
        var challenge = Sha256Hex(salt + RandomNumberGenerator.GetInt32(maxNumber).ToString(CultureInfo.InvariantCulture));
        var signature = Signatures(ring, purpose, challenge)[0];
        return new CaptchaPart(challenge, ProofOfWork: new AltchaChallenge(Algorithm, challenge, maxNumber, salt, signature));
    }

    public async ValueTask<bool> VerifyAsync(CaptchaPurpose purpose, string stored, CaptchaAnswer answer, DateTimeOffset now, CancellationToken cancellationToken = default)
        => Verify(purpose, await keys.GetKeyRingAsync(cancellationToken), stored, answer, now);

    private bool Verify(CaptchaPurpose purpose, TokenKeyRing ring, string stored, CaptchaAnswer answer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (Parse(answer.Proof) is not { } proof
            || proof.Algorithm != Algorithm
            || proof.Number < 0 || proof.Number >= options.Value.ProofOfWork.MaxNumber
            || !Expires(proof.Salt, out var expires) || expires <= now)
        {
            return false;
        }

        var computed = Sha256Hex(proof.Salt + proof.Number.ToString(CultureInfo.InvariantCulture));
        var match = FixedEquals(computed, stored) & FixedEquals(proof.Challenge, stored);
        var signed = false;
        foreach (var signature in Signatures(ring, purpose, stored))
        {
            signed |= FixedEquals(signature, proof.Signature);
        }

        return match & signed;
    }

    /// <summary>The HMAC-SHA256 signatures (hex) the challenge may carry: under the current key, then the previous one.</summary>
    public static IReadOnlyList<string> Signatures(TokenKeyRing ring, CaptchaPurpose purpose, string challenge)
        => [.. ring.CandidateCodeHashes("altcha", purpose.ToString())
            .Select(key => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(challenge))))];

    private static Solution? Parse(string? proof)
    {
        if (string.IsNullOrEmpty(proof) || proof.Length > MaxProofLength)
        {
            return null;
        }

        try
        {
            var payload = JsonSerializer.Deserialize<Payload>(Convert.FromBase64String(proof), JsonOptions);
            return payload is { Algorithm: { } algorithm, Challenge: { } challenge, Salt: { } salt, Signature: { } signature }
                ? new Solution(algorithm, challenge, payload.Number, salt, signature)
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    private static bool Expires(string salt, out DateTimeOffset expires)
    {
        expires = default;
        var query = salt.Split('?', 2);
        var value = query.Length == 2
            ? query[1].Split('&').FirstOrDefault(p => p.StartsWith("expires=", StringComparison.Ordinal))?["expires=".Length..]
            : null;
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }

        expires = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static bool FixedEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = false, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The widget's payload (base64 of this JSON); <c>took</c> and unknown fields are ignored.</summary>
    private sealed record Payload(string? Algorithm, string? Challenge, long Number, string? Salt, string? Signature);

    private sealed record Solution(string Algorithm, string Challenge, long Number, string Salt, string Signature);
}
