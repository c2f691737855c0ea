using RecoveryFunctions.Core.Secrets;

namespace RecoveryFunctions.Core.Tokens;

/// <summary>
/// Builds the key ring from the base64 secrets <c>token-hmac-current</c> (required, ≥ 32 bytes) and
/// <c>token-hmac-previous</c> (optional) through <see cref="SecretKeyPair{TRing}"/>. A singleton: every ask reads the
/// secret source (which caches and refreshes) and the ring is rebuilt only when their text changes. Services ask the
/// per-request <see cref="ITokenKeyProvider"/> instead, which reads through this once per invocation.
/// </summary>
public sealed class SecretTokenKeyProvider(ISecretSource secrets)
{
    private readonly SecretKeyPair<TokenKeyRing> _keys = new(
        secrets,
        new SecretKeyPairSpec(SecretNames.TokenKeyCurrent, SecretNames.TokenKeyPrevious, TokenKeyRing.MinimumKeyBytes),
        (current, previous) => new TokenKeyRing(current, previous));

    public ValueTask<TokenKeyRing> GetKeyRingAsync(CancellationToken cancellationToken = default) => _keys.GetAsync(cancellationToken);
}
