using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// Seals outbox messages so that whoever can read the queues (a storage reader, a leaked SAS, a peek from the portal)
/// learns nothing of a message but its length: AES-256-GCM under the current key with a random 96-bit nonce per
/// message, the envelope's header (version and key id) as associated data so neither can be swapped without the tag
/// failing. The previous key still opens what was sealed before a rotation. The envelope is ASCII (the Functions host
/// hands a queue trigger its message as text, so binary would not survive), which the queue client base64-encodes:
/// <code>v1.{key id}.{nonce}.{ciphertext ‖ tag}</code>
/// each part base64url. The key id is derived from the key (a keyed hash of a constant, <see cref="KeyIdOf"/>): it tells
/// which key sealed a message without revealing it, and needs no setting of its own.
/// </summary>
public sealed class OutboxKeyRing
{
    public const int KeyBytes = 32;

    public const string Version = "v1";

    private const int KeyIdBytes = 6;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private static readonly int KeyIdChars = Base64Url.GetEncodedLength(KeyIdBytes);

    private readonly Key _current;
    private readonly Key? _previous;

    public OutboxKeyRing(byte[] current, byte[]? previous)
    {
        _current = new Key(current, nameof(current));
        _previous = previous is null ? null : new Key(previous, nameof(previous));
    }

    public string CurrentKeyId => _current.Id;

    /// <summary>The key id an envelope sealed under <paramref name="key"/> carries: HMAC-SHA256(key, "outbox-key-id"), first 6 bytes, base64url.</summary>
    public static string KeyIdOf(ReadOnlySpan<byte> key)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, "outbox-key-id"u8, mac);
        return Base64Url.EncodeToString(mac[..KeyIdBytes]);
    }

    /// <summary>Seals <paramref name="plaintext"/> under the current key, with a fresh random nonce.</summary>
    public string Seal(ReadOnlySpan<byte> plaintext)
    {
        var header = Version + "." + _current.Id;
        Span<byte> nonce = stackalloc byte[NonceBytes];
        RandomNumberGenerator.Fill(nonce);
        var sealedBytes = new byte[plaintext.Length + TagBytes];
        using (var aes = new AesGcm(_current.Bytes, TagBytes))
        {
            aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(0, plaintext.Length), sealedBytes.AsSpan(plaintext.Length), Encoding.ASCII.GetBytes(header));
        }

        return string.Concat(header, ".", Base64Url.EncodeToString(nonce), ".", Base64Url.EncodeToString(sealedBytes));
    }

    /// <summary>Opens an envelope sealed under the current or the previous key.</summary>
    /// <param name="keyId">The envelope's key id when it is well formed (safe to log: it names a key, reveals nothing), else null.</param>
    public OutboxEnvelopeError TryOpen(string envelope, out byte[]? plaintext, out string? keyId)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        plaintext = null;
        keyId = null;
        var parts = envelope.Split('.');
        if (parts.Length != 4 || parts[0] != Version || !IsKeyId(parts[1]))
        {
            return OutboxEnvelopeError.Malformed;
        }

        keyId = parts[1];
        var key = keyId == _current.Id ? _current : keyId == _previous?.Id ? _previous : null;
        if (key is null)
        {
            return OutboxEnvelopeError.UnknownKey;
        }

        if (!TryDecode(parts[2], out var nonce) || nonce.Length != NonceBytes || !TryDecode(parts[3], out var sealedBytes) || sealedBytes.Length < TagBytes)
        {
            return OutboxEnvelopeError.Malformed;
        }

        var clear = new byte[sealedBytes.Length - TagBytes];
        try
        {
            using var aes = new AesGcm(key.Bytes, TagBytes);
            aes.Decrypt(nonce, sealedBytes.AsSpan(0, clear.Length), sealedBytes.AsSpan(clear.Length), clear, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        }
        catch (AuthenticationTagMismatchException)
        {
            return OutboxEnvelopeError.Tampered;
        }

        plaintext = clear;
        return OutboxEnvelopeError.None;
    }

    /// <summary>Exactly a key id's length of base64url characters (no padding, no whitespace): then it is safe to log.</summary>
    private static bool IsKeyId(string text)
        => text.Length == KeyIdChars && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (!Base64Url.IsValid(text, out var length))
        {
            return false;
        }

        bytes = new byte[length];
        return Base64Url.TryDecodeFromChars(text, bytes, out var written) && written == length;
    }

    private sealed class Key
    {
        public Key(byte[] bytes, string name)
        {
            ArgumentNullException.ThrowIfNull(bytes, name);
            if (bytes.Length != KeyBytes)
            {
                throw new ArgumentException($"An outbox key must be exactly {KeyBytes} bytes (AES-256).", name);
            }

            // A copy: the caller's array may be reused or cleared.
            Bytes = [.. bytes];
            Id = KeyIdOf(Bytes);
        }

        public byte[] Bytes { get; }

        public string Id { get; }
    }
}

/// <summary>Why an outbox message could not be opened.</summary>
public enum OutboxEnvelopeError
{
    None,

    /// <summary>Not an envelope of a version this code reads (garbage, a clear-text message, a truncated one).</summary>
    Malformed,

    /// <summary>Sealed under a key that is neither the current nor the previous one (rotated out, or not yet read here).</summary>
    UnknownKey,

    /// <summary>The tag does not match: the ciphertext, nonce or header was changed.</summary>
    Tampered,

    /// <summary>Opened, but what it holds is not an outbox email.</summary>
    NotAnEmail,
}
