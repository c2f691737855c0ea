namespace RecoveryFunctions.Core.Secrets;

/// <summary>
/// A key kept as two base64 secrets: the current one (required) and the previous one (optional, still accepted while
/// a rotation settles). Both are read from the secret source on every ask (it caches and refreshes, so a rotation in
/// Key Vault needs no restart); they are decoded, checked and turned into a ring only when their text changes. The
/// token HMAC keys and the outbox encryption keys are read this way.
/// </summary>
/// <param name="MinimumBytes">Smallest decoded size accepted.</param>
/// <param name="MaximumBytes">Largest decoded size accepted (equal to <paramref name="MinimumBytes"/> for an exact size).</param>
public sealed record SecretKeyPairSpec(string CurrentName, string PreviousName, int MinimumBytes, int MaximumBytes = int.MaxValue)
{
    /// <summary>"at least 32 bytes" or "exactly 32 bytes", for error messages.</summary>
    public string SizeText => MinimumBytes == MaximumBytes ? $"exactly {MinimumBytes} bytes" : $"at least {MinimumBytes} bytes";
}

/// <inheritdoc cref="SecretKeyPairSpec"/>
public sealed class SecretKeyPair<TRing>(ISecretSource secrets, SecretKeyPairSpec spec, Func<byte[], byte[]?, TRing> build)
    where TRing : class
{
    private volatile Cached? _cached;

    /// <exception cref="InvalidOperationException">The current key is missing, or a key is not base64 of the right size; the message names the secret.</exception>
    public ValueTask<TRing> GetAsync(CancellationToken cancellationToken = default) => ReadAsync(fresh: false, cancellationToken);

    /// <summary>The ring from a fresh read of both secrets (<see cref="ISecretSource.GetFreshSecretAsync"/>).</summary>
    public ValueTask<TRing> GetFreshAsync(CancellationToken cancellationToken = default) => ReadAsync(fresh: true, cancellationToken);

    private async ValueTask<TRing> ReadAsync(bool fresh, CancellationToken cancellationToken)
    {
        var currentText = await Read(spec.CurrentName).ConfigureAwait(false);
        var previousText = await Read(spec.PreviousName).ConfigureAwait(false);
        previousText = string.IsNullOrWhiteSpace(previousText) ? null : previousText.Trim();
        currentText = currentText?.Trim();

        var snapshot = _cached;
        if (snapshot is not null && snapshot.CurrentText == currentText && snapshot.PreviousText == previousText)
        {
            return snapshot.Ring;
        }

        if (string.IsNullOrEmpty(currentText))
        {
            throw new InvalidOperationException($"Secret '{spec.CurrentName}' is missing ({Where(spec.CurrentName)}): set a base64 key of {spec.SizeText}.");
        }

        var ring = build(Decode(spec.CurrentName, currentText), previousText is null ? null : Decode(spec.PreviousName, previousText));
        _cached = new Cached(currentText, previousText, ring);
        return ring;

        ValueTask<string?> Read(string name) => fresh ? secrets.GetFreshSecretAsync(name, cancellationToken) : secrets.GetSecretAsync(name, cancellationToken);
    }

    private byte[] Decode(string name, string text)
    {
        var buffer = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, buffer, out var written))
        {
            throw new InvalidOperationException($"Secret '{name}' is not valid base64 ({Where(name)}): set a base64 key of {spec.SizeText}.");
        }

        if (written < spec.MinimumBytes || written > spec.MaximumBytes)
        {
            throw new InvalidOperationException($"Secret '{name}' decodes to {written} bytes; {spec.SizeText} are required ({Where(name)}).");
        }

        return buffer[..written];
    }

    /// <summary>Where an operator sets it: the same name in Key Vault and under Secrets:Values locally.</summary>
    private static string Where(string name) => $"Key Vault secret '{name}', or the setting Secrets:Values:{name}";

    /// <summary>A ring and the secret texts it came from, so it is rebuilt only when they change.</summary>
    private sealed record Cached(string CurrentText, string? PreviousText, TRing Ring);
}
