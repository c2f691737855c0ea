using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.FranceConnect;

/// <summary>
/// The keyed hashes (HMAC-SHA256 under the token key ring, from Key Vault) that stand for a FranceConnect identity at
/// rest: of the canonical pivot identity (<see cref="PivotIdentity.Canonical"/>) and of FranceConnect's <c>sub</c>.
/// A stolen table without the key cannot be checked against a list of people.
/// </summary>
public static class FranceConnectHashes
{
    /// <summary>A new binding's hashes, under the current key.</summary>
    public static FranceConnectBinding Binding(TokenKeyRing ring, FranceConnectAuthentication authentication, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(authentication);
        return new FranceConnectBinding(IdentityHashes(ring, authentication.Identity)[0], ring.KeyedHashes("franceconnect-sub", authentication.Subject)[0], now);
    }

    /// <summary>The identity's hash under the current key, then the previous one (a binding made before a rotation).</summary>
    public static IReadOnlyList<string> IdentityHashes(TokenKeyRing ring, PivotIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(identity);
        return ring.KeyedHashes("franceconnect-identity", identity.Canonical());
    }
}
