namespace RecoveryFunctions.Core.Tokens;

/// <summary>
/// The current HMAC key (used to hash what is stored) and the previous one (still accepted on look-up),
/// so rotating the key in Key Vault does not kill links already emailed.
/// </summary>
public sealed class TokenKeyRing
{
    public const int MinimumKeyBytes = 32;

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
    public string Hash(string token) => TokenHasher.Hash(_current, token);

    /// <summary>Hashes to look up, current key first, then the previous key when there is one.</summary>
    public IReadOnlyList<string> CandidateHashes(string token)
    {
        return _previous is null
            ? [TokenHasher.Hash(_current, token)]
            : [TokenHasher.Hash(_current, token), TokenHasher.Hash(_previous, token)];
    }

    /// <summary>The hash to store for a code, scoped to a flow or account key.</summary>
    public string HashCode(string scope, string code) => TokenHasher.HashCode(_current, scope, code);

    /// <summary>A throttle key's stored name under the current key, then under the previous one (a window opened before rotation).</summary>
    public IReadOnlyList<string> ThrottleKeyHashes(string scope, string value)
    {
        return _previous is null
            ? [TokenHasher.HashThrottleKey(_current, scope, value)]
            : [TokenHasher.HashThrottleKey(_current, scope, value), TokenHasher.HashThrottleKey(_previous, scope, value)];
    }

    public IReadOnlyList<string> CandidateCodeHashes(string scope, string code)
    {
        return _previous is null
            ? [TokenHasher.HashCode(_current, scope, code)]
            : [TokenHasher.HashCode(_current, scope, code), TokenHasher.HashCode(_previous, scope, code)];
    }
}
