using RecoveryFunctions.Core.Secrets;

namespace RecoveryFunctions.Core.Tokens;

/// <summary>
/// Builds the key ring from the base64 secrets <c>token-hmac-current</c> (required, ≥ 32 bytes) and
/// <c>token-hmac-previous</c> (optional). The secret source caches and refreshes; this class only re-decodes
/// when the secret text changes. Within a request (<see cref="TokenKeyRingScope"/>) the secrets are read once.
/// </summary>
public sealed class SecretTokenKeyProvider(ISecretSource secrets) : ITokenKeyProvider
{
    private volatile Cached? _cached;

    public async ValueTask<TokenKeyRing> GetKeyRingAsync(CancellationToken cancellationToken = default)
    {
        var request = TokenKeyRingScope.Active;
        if (request?.Ring is { } ring)
        {
            return ring;
        }

        ring = await ReadAsync(cancellationToken).ConfigureAwait(false);
        if (request is not null)
        {
            request.Ring = ring;
        }

        return ring;
    }

    private async ValueTask<TokenKeyRing> ReadAsync(CancellationToken cancellationToken)
    {
        var currentText = await secrets.GetSecretAsync(SecretNames.TokenKeyCurrent, cancellationToken).ConfigureAwait(false);
        var previousText = await secrets.GetSecretAsync(SecretNames.TokenKeyPrevious, cancellationToken).ConfigureAwait(false);
        previousText = string.IsNullOrWhiteSpace(previousText) ? null : previousText.Trim();
        currentText = currentText?.Trim();

        var snapshot = _cached;
        if (snapshot is not null && snapshot.CurrentText == currentText && snapshot.PreviousText == previousText)
        {
            return snapshot.Ring;
        }

        if (string.IsNullOrEmpty(currentText))
        {
            throw new InvalidOperationException(
                $"Secret '{SecretNames.TokenKeyCurrent}' is missing: set a base64 key of at least {TokenKeyRing.MinimumKeyBytes} bytes.");
        }

        var ring = new TokenKeyRing(
            Decode(SecretNames.TokenKeyCurrent, currentText),
            previousText is null ? null : Decode(SecretNames.TokenKeyPrevious, previousText));
        _cached = new Cached(currentText, previousText, ring);
        return ring;
    }

    private static byte[] Decode(string name, string text)
    {
        var buffer = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, buffer, out var written))
        {
            throw new InvalidOperationException($"Secret '{name}' is not valid base64.");
        }

        if (written < TokenKeyRing.MinimumKeyBytes)
        {
            throw new InvalidOperationException(
                $"Secret '{name}' decodes to {written} bytes; at least {TokenKeyRing.MinimumKeyBytes} are required.");
        }

        return buffer[..written];
    }

    /// <summary>A decoded key ring and the secret texts it came from, so it is rebuilt only when they change.</summary>
    private sealed record Cached(string CurrentText, string? PreviousText, TokenKeyRing Ring);
}
