using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Captcha;

/// <summary>
/// What a captcha row used to hold, carried by the client instead: every provider's part (never an answer in clear:
/// the image's seed and salted answer hash, the proof of work's challenge, CaptchEtat's uuid), the step, the expiry
/// and a random id, sealed under the token key ring (<see cref="TokenKeyRing.Seal"/>, scope <see cref="Scope"/>). The
/// sealed text is the challenge's <c>captchaId</c>. The random id names the challenge's spent marker and its audio
/// counter; the marker's row key is its SHA-256, so nothing stored reads back to a challenge.
/// </summary>
public sealed record SealedChallenge(string Id, CaptchaPurpose Purpose, DateTimeOffset ExpiresAt, string Parts)
{
    public const string Scope = "captcha";

    private const byte Version = 1;
    private const int IdBytes = 16;
    private const int HeaderBytes = 1 + 1 + sizeof(long) + IdBytes;

    /// <summary>Far above any configured parts (about 200 bytes): a longer id is refused before it is decoded.</summary>
    private const int MaxPlaintextBytes = 1024;

    /// <summary>A new challenge with a fresh random id.</summary>
    public static SealedChallenge New(CaptchaPurpose purpose, DateTimeOffset expiresAt, string parts)
        => new(Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(IdBytes)), purpose, expiresAt, parts);

    /// <summary>Where the first check inserts its marker: the expiry bucket of the challenge, the hash of its id.</summary>
    public TokenAddress SpentMarker => TokenCodec.At(ExpiresAt, Base64Url.EncodeToString(SHA256.HashData(Base64Url.DecodeFromChars(Id))));

    /// <summary>The marker's row: the kind and the challenge's expiry, nothing else.</summary>
    public TokenRecord SpentRecord(DateTimeOffset now) => new() { Kind = TokenKind.SpentCaptcha, IssuedAt = now, ExpiresAt = ExpiresAt };

    public string Seal(TokenKeyRing ring)
    {
        ArgumentNullException.ThrowIfNull(ring);
        var parts = Encoding.UTF8.GetBytes(Parts);
        var plaintext = new byte[HeaderBytes + parts.Length];
        plaintext[0] = Version;
        plaintext[1] = (byte)Purpose;
        BinaryPrimitives.WriteInt64BigEndian(plaintext.AsSpan(2), ExpiresAt.ToUnixTimeMilliseconds());
        Base64Url.DecodeFromChars(Id).CopyTo(plaintext.AsSpan(2 + sizeof(long)));
        parts.CopyTo(plaintext.AsSpan(HeaderBytes));
        return ring.Seal(Scope, plaintext);
    }

    /// <summary>The challenge a presented id seals, or null when it is not one this app sealed (unreadable, altered, retired key).</summary>
    public static SealedChallenge? Open(TokenKeyRing ring, string captchaId)
    {
        ArgumentNullException.ThrowIfNull(ring);
        var plaintext = ring.Open(Scope, captchaId, MaxPlaintextBytes);
        if (plaintext is null || plaintext.Length < HeaderBytes || plaintext[0] != Version || !Enum.IsDefined((CaptchaPurpose)plaintext[1]))
        {
            return null;
        }

        var milliseconds = BinaryPrimitives.ReadInt64BigEndian(plaintext.AsSpan(2));
        return new SealedChallenge(
            Base64Url.EncodeToString(plaintext.AsSpan(2 + sizeof(long), IdBytes)),
            (CaptchaPurpose)plaintext[1],
            DateTimeOffset.FromUnixTimeMilliseconds(milliseconds),
            Encoding.UTF8.GetString(plaintext.AsSpan(HeaderBytes)));
    }
}
