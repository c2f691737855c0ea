using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace RecoveryFunctions.Core.Tokens;

/// <summary>
/// The current HMAC-SHA256 key (used to hash what is stored) and the previous one (still accepted on look-up),
/// so rotating the key in Key Vault does not kill links already emailed. What the stores keep instead of a secret:
/// a stolen table without the key cannot be turned back into working links, and a keyed hash needs no salt to
/// resist lookup tables. Hashes are base64url.
/// </summary>
public sealed class TokenKeyRing
{
    public const int MinimumKeyBytes = 32;

    /// <summary>The length of a stored fingerprint: 40 bits.</summary>
    public const int FingerprintBytes = 5;

    private readonly byte[] _current;

    /// <summary>Every key a look-up accepts, current first: what each "under every key" operation walks.</summary>
    private readonly byte[][] _accepted;

    public TokenKeyRing(byte[] current, byte[]? previous)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (current.Length < MinimumKeyBytes)
        {
            throw new ArgumentException($"The current token key must be at least {MinimumKeyBytes} bytes.", nameof(current));
        }

        if (previous is not null && previous.Length < MinimumKeyBytes)
        {
            throw new ArgumentException($"The previous token key must be at least {MinimumKeyBytes} bytes.", nameof(previous));
        }

        // Copies: the caller's arrays may be reused or cleared.
        _current = [.. current];
        _accepted = previous is null ? [_current] : [_current, [.. previous]];
    }

    public bool HasPreviousKey => _accepted.Length > 1;

    /// <summary>The hash to store, under the current key.</summary>
    public string Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Mac(_current, token);
    }

    /// <summary>Hashes to look up, current key first, then the previous key when there is one.</summary>
    public IReadOnlyList<string> CandidateHashes(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return UnderEveryKey(token);
    }

    /// <summary>
    /// The hash to store for a code, scoped to a flow or account key: codes are short, so the same code can be issued
    /// to two accounts, and the scope makes their hashes differ. The "code:" prefix cannot start a token (':' is not base64url).
    /// </summary>
    public string HashCode(string scope, string code) => Mac(_current, CodeMessage(scope, code));

    public IReadOnlyList<string> CandidateCodeHashes(string scope, string code) => UnderEveryKey(CodeMessage(scope, code));

    /// <summary>
    /// A throttle key's stored name (an address, an IP) under the current key, then under the previous one (a window
    /// opened before rotation): keyed, so a table dump cannot be checked against a list of addresses. The "throttle:"
    /// prefix keeps it apart from token and code hashes.
    /// </summary>
    public IReadOnlyList<string> ThrottleKeyHashes(string scope, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        ArgumentNullException.ThrowIfNull(value);
        return UnderEveryKey(string.Concat("throttle:", scope, ":", value));
    }

    /// <summary>
    /// A value's full keyed hash under the current key, then the previous one, kept apart from tokens, codes and throttle
    /// keys by its scope (a FranceConnect identity, for one: FranceConnectHashes).
    /// </summary>
    public IReadOnlyList<string> KeyedHashes(string scope, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        ArgumentNullException.ThrowIfNull(value);
        return UnderEveryKey(string.Concat("keyed:", scope, ":", value));
    }

    /// <summary>
    /// A short fingerprint to store (the first <see cref="FingerprintBytes"/> bytes of the MAC under the current key,
    /// base64url): short on purpose, so that a stolen table together with the key only narrows a guess down, it
    /// never confirms one (many strings share each fingerprint). See <see cref="FingerprintMac"/>.
    /// </summary>
    public string Fingerprint(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var mac = CreateFingerprintMac();
        Span<ulong> values = stackalloc ulong[mac.KeyCount];
        mac.Compute(Encoding.UTF8.GetBytes(message), values);
        return FingerprintMac.Format(values[0]);
    }

    /// <summary>A MAC keyed once under every key (current first), for many fingerprints in a row without re-keying.</summary>
    public FingerprintMac CreateFingerprintMac() => new(_accepted);

    /// <summary>
    /// <paramref name="plaintext"/> sealed for <paramref name="scope"/>: AES-256-GCM under a key derived from the current
    /// token key (HMAC of "seal:" + scope), a random 96-bit nonce, the scope as associated data, in base64url
    /// (nonce ‖ ciphertext ‖ tag). What a client carries and hands back instead of a row: it can neither read nor alter
    /// it, and the token key's rotation applies to it as to every hash here (<see cref="Open"/> tries the previous key too).
    /// </summary>
    public string Seal(string scope, ReadOnlySpan<byte> plaintext)
    {
        var associated = SealScope(scope);
        var envelope = new byte[NonceBytes + plaintext.Length + TagBytes];
        RandomNumberGenerator.Fill(envelope.AsSpan(0, NonceBytes));
        using var aes = new AesGcm(SealKey(_current, associated), TagBytes);
        aes.Encrypt(envelope.AsSpan(0, NonceBytes), plaintext, envelope.AsSpan(NonceBytes, plaintext.Length), envelope.AsSpan(NonceBytes + plaintext.Length), associated);
        return Base64Url.EncodeToString(envelope);
    }

    /// <summary>
    /// What <see cref="Seal"/> sealed for <paramref name="scope"/> under the current or the previous key; null for
    /// anything else (not base64url, too short or too long, altered, sealed for another scope or under a retired key).
    /// </summary>
    public byte[]? Open(string scope, string? sealedText, int maxPlaintextBytes)
    {
        var associated = SealScope(scope);
        if (sealedText is null || sealedText.Length > Base64Url.GetEncodedLength(NonceBytes + maxPlaintextBytes + TagBytes)
            || !Base64Url.IsValid(sealedText, out var length) || length < NonceBytes + TagBytes)
        {
            return null;
        }

        var envelope = Base64Url.DecodeFromChars(sealedText);
        var plaintext = new byte[envelope.Length - NonceBytes - TagBytes];
        foreach (var key in _accepted)
        {
            using var aes = new AesGcm(SealKey(key, associated), TagBytes);
            try
            {
                aes.Decrypt(envelope.AsSpan(0, NonceBytes), envelope.AsSpan(NonceBytes, plaintext.Length), envelope.AsSpan(NonceBytes + plaintext.Length), plaintext, associated);
                return plaintext;
            }
            catch (AuthenticationTagMismatchException)
            {
                // Not this key (or altered): try the next one.
            }
        }

        return null;
    }

    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private static byte[] SealScope(string scope)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        return Encoding.UTF8.GetBytes("seal:" + scope);
    }

    // A key of its own per scope, derived from the token key: nothing sealed can be confused with a stored hash.
    private static byte[] SealKey(byte[] key, byte[] scope) => HMACSHA256.HashData(key, scope);

    private static string CodeMessage(string scope, string code)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        ArgumentNullException.ThrowIfNull(code);
        return string.Concat("code:", scope, ":", code);
    }

    private IReadOnlyList<string> UnderEveryKey(string message) => [.. _accepted.Select(key => Mac(key, message))];

    private static string Mac(ReadOnlySpan<byte> key, string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, bytes, mac);
        CryptographicOperations.ZeroMemory(bytes);
        return Base64Url.EncodeToString(mac);
    }
}
