using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Captcha;

/// <summary>
/// Characters to copy from an image or hear in its audio. The sealed challenge keeps a random seed and the salted HMAC of the
/// step-bound answer: the text is derived from the seed under the token key, so the audio can be produced later
/// without the text ever being stored, and a table dump without the key reveals nothing. The drawing's random
/// choices are derived from the same seed under the key too, so the 2× image is drawn only when a screen asks for it
/// and is the same picture as the 1× one.
/// </summary>
public sealed class ImageCaptchaProvider(ITokenKeyProvider keys, ICaptchaImageRenderer renderer, ICaptchaAudioRenderer audio, IOptions<CaptchaOptions> options) : ICaptchaProvider, ICaptchaAudioSource, ICaptchaImageSource
{
    private const string TextScope = "captcha-text";
    private const string DrawingScope = "captcha-drawing";

    public CaptchaProviderKind Kind => CaptchaProviderKind.Image;

    public async ValueTask<CaptchaPart> IssueAsync(CaptchaPurpose purpose, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        var ring = await keys.GetKeyRingAsync(cancellationToken);
        var seed = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var text = Derive(ring.HashCode(TextScope, seed), options.Value.Length);
        var png = renderer.RenderPng(text, Base64Url.DecodeFromChars(ring.HashCode(DrawingScope, seed)), 1);
        return new CaptchaPart(seed + "." + SaltedSecret.Protect(ring, Bound(purpose, text)), Image: new ImageCaptcha(png, Has2x: true, text.Length));
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
        => Challenge(await keys.GetKeyRingAsync(cancellationToken), stored) is { } challenge ? audio.RenderWav(challenge.Text, language) : null;

    /// <summary>The same drawing as the issued 1× image, at 2×: same text, same random choices.</summary>
    public async ValueTask<byte[]?> Image2xAsync(string stored, CancellationToken cancellationToken = default)
        => Challenge(await keys.GetKeyRingAsync(cancellationToken), stored) is { } challenge ? renderer.RenderPng(challenge.Text, challenge.DrawingKey, 2) : null;

    /// <summary>
    /// The challenge's characters and drawing key, for its audio and its 2× image: both derived under whichever key
    /// (current or previous) produced the stored answer hash, so a key rotation after the 1× image cannot change
    /// what is read or drawn.
    /// </summary>
    private (string Text, byte[] DrawingKey)? Challenge(TokenKeyRing ring, string stored)
    {
        ArgumentNullException.ThrowIfNull(ring);
        var (seed, hash) = Split(stored);
        if (seed.Length == 0)
        {
            return null;
        }

        var texts = ring.CandidateCodeHashes(TextScope, seed);
        for (var i = 0; i < texts.Count; i++)
        {
            var text = Derive(texts[i], options.Value.Length);
            if (Enum.GetValues<CaptchaPurpose>().Any(purpose => SaltedSecret.Matches(ring, hash, Bound(purpose, text))))
            {
                return (text, Base64Url.DecodeFromChars(ring.CandidateCodeHashes(DrawingScope, seed)[i]));
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
