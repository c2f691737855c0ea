using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Captcha;

/// <summary>
/// Characters to copy from an image or hear in its audio. The row keeps a random seed and the salted HMAC of the
/// step-bound answer: the text is derived from the seed under the token key, so the audio can be produced later
/// without the text ever being stored, and a table dump without the key reveals nothing.
/// </summary>
public sealed class ImageCaptchaProvider(ITokenKeyProvider keys, ICaptchaImageRenderer renderer, ICaptchaAudioRenderer audio, IOptions<CaptchaOptions> options) : ICaptchaProvider, ICaptchaAudioSource
{
    private const string TextScope = "captcha-text";

    public CaptchaProviderKind Kind => CaptchaProviderKind.Image;

    public async ValueTask<CaptchaPart> IssueAsync(CaptchaPurpose purpose, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        var ring = await keys.GetKeyRingAsync(cancellationToken);
        var seed = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var text = Derive(ring.HashCode(TextScope, seed), options.Value.Length);
        var (png, png2x) = renderer.RenderPng(text);
        return new CaptchaPart(seed + "." + SaltedSecret.Protect(ring, Bound(purpose, text)), Image: new ImageCaptcha(png, png2x, text.Length));
    }

    public async ValueTask<bool> VerifyAsync(CaptchaPurpose purpose, string stored, CaptchaAnswer answer, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var ring = await keys.GetKeyRingAsync(cancellationToken);
        var (_, hash) = Split(stored);
        // An empty answer is still hashed: the same work as a wrong one.
        return SaltedSecret.Matches(ring, hash, Bound(purpose, (answer.Text ?? "").Trim().ToUpperInvariant())) && !string.IsNullOrWhiteSpace(answer.Text);
    }

    /// <summary>The characters read aloud (WAV) with noise, rendered by the app itself.</summary>
    public async ValueTask<byte[]?> AudioAsync(string stored, string language, CancellationToken cancellationToken = default)
        => Text(await keys.GetKeyRingAsync(cancellationToken), stored) is { } text ? audio.RenderWav(text, language) : null;

    /// <summary>
    /// The challenge's characters, for its audio: the text derived under whichever key (current or previous)
    /// produced the stored answer hash, so a key rotation between image and audio cannot change what is read.
    /// </summary>
    private string? Text(TokenKeyRing ring, string stored)
    {
        ArgumentNullException.ThrowIfNull(ring);
        var (seed, hash) = Split(stored);
        if (seed.Length == 0)
        {
            return null;
        }

        foreach (var candidate in ring.CandidateCodeHashes(TextScope, seed))
        {
            var text = Derive(candidate, options.Value.Length);
            if (Enum.GetValues<CaptchaPurpose>().Any(purpose => SaltedSecret.Matches(ring, hash, Bound(purpose, text))))
            {
                return text;
            }
        }

        return null;
    }

    /// <summary>Maps MAC bytes to the alphabet without bias (bytes above the largest multiple of its size are skipped).</summary>
    private static string Derive(string mac, int length)
    {
        var alphabet = CaptchaAlphabet.Characters;
        var limit = 256 - (256 % alphabet.Length);
        var text = new char[length];
        var filled = 0;
        foreach (var b in Base64Url.DecodeFromChars(mac))
        {
            if (filled < length && b < limit)
            {
                text[filled++] = alphabet[b % alphabet.Length];
            }
        }

        // 32 MAC bytes hold at least 10 usable ones except with negligible probability; fail loudly rather than bias.
        return filled == length ? new string(text) : throw new InvalidOperationException("Captcha text derivation ran short of bytes.");
    }

    private static (string Seed, string Hash) Split(string stored)
    {
        var dot = stored.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? ("", "") : (stored[..dot], stored[(dot + 1)..]);
    }

    // The step goes into the MAC with the answer: no stored field to forget to compare.
    private static string Bound(CaptchaPurpose purpose, string text) => $"{purpose}:{text}";
}
