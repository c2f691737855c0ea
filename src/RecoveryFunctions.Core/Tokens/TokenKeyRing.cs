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
    private readonly byte[]? _previous;

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
        _previous = previous is null ? null : [.. previous];
    }

    public bool HasPreviousKey => _previous is not null;

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
    public FingerprintMac CreateFingerprintMac() => new(_previous is null ? [_current] : [_current, _previous]);

    private static string CodeMessage(string scope, string code)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        ArgumentNullException.ThrowIfNull(code);
        return string.Concat("code:", scope, ":", code);
    }

    private IReadOnlyList<string> UnderEveryKey(string message)
        => _previous is null ? [Mac(_current, message)] : [Mac(_current, message), Mac(_previous, message)];

    private static string Mac(ReadOnlySpan<byte> key, string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, bytes, mac);
        CryptographicOperations.ZeroMemory(bytes);
        return Base64Url.EncodeToString(mac);
    }
}
