using RecoveryFunctions.Core.Secrets;

namespace RecoveryFunctions.Core.Tokens;

/// <summary>
/// Builds the key ring from the base64 secrets <c>token-hmac-current</c> (required, ≥ 32 bytes) and
/// <c>token-hmac-previous</c> (optional) through <see cref="SecretKeyPair{TRing}"/>. Within a request
/// (<see cref="TokenKeyRingScope"/>) the secrets are read once.
/// </summary>
public sealed class SecretTokenKeyProvider(ISecretSource secrets) : ITokenKeyProvider
{
    private readonly SecretKeyPair<TokenKeyRing> _keys = new(
        secrets,
        new SecretKeyPairSpec(SecretNames.TokenKeyCurrent, SecretNames.TokenKeyPrevious, TokenKeyRing.MinimumKeyBytes),
        (current, previous) => new TokenKeyRing(current, previous));

    public async ValueTask<TokenKeyRing> GetKeyRingAsync(CancellationToken cancellationToken = default)
    {
        var request = TokenKeyRingScope.Active;
        if (request?.Ring is { } ring)
        {
            return ring;
        }

        ring = await _keys.GetAsync(cancellationToken).ConfigureAwait(false);
        if (request is not null)
        {
            request.Ring = ring;
        }

        return ring;
    }
}
