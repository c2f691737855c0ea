namespace RecoveryFunctions.Core.FranceConnect;

/// <summary>
/// An account's FranceConnect binding as stored: keyed hashes only (<see cref="FranceConnectHashes"/>), never the
/// identity nor the <c>sub</c> in clear.
/// </summary>
public sealed record FranceConnectBinding(string IdentityHash, string SubjectHash, DateTimeOffset BoundAt);

/// <summary>
/// Bindings, readable both ways without a scan: the account's row (for the account space, the helpdesk's "bound:
/// yes/no" and unlinking) and an index row from the identity hash to the account (for a recovery). The index row is
/// claimed first, insert-if-absent, so one identity is bound to one account at most; a look-up by identity honours an
/// index row only when the account's row points back at the same hash, so a half-written binding is never used.
/// </summary>
public interface IFranceConnectBindingStore
{
    /// <returns>False when the identity is already bound to an account or the account is already bound.</returns>
    Task<bool> TryBindAsync(string subscriberNumber, FranceConnectBinding binding, CancellationToken cancellationToken = default);

    Task<FranceConnectBinding?> FindByAccountAsync(string subscriberNumber, CancellationToken cancellationToken = default);

    /// <summary>
    /// The same reads whatever is stored: the index row of every hash, then one account row (the decoy account's when no
    /// index row names one), so a recovery costs the same operations for a bound and an unbound identity.
    /// </summary>
    /// <param name="identityHashes">The identity's hash under the current key, then the previous one.</param>
    /// <returns>The bound account's subscriber number, or null.</returns>
    Task<string?> FindAccountAsync(IReadOnlyList<string> identityHashes, CancellationToken cancellationToken = default);

    /// <returns>False when the account was not bound.</returns>
    Task<bool> UnbindAsync(string subscriberNumber, CancellationToken cancellationToken = default);
}
