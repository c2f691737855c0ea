using RecoveryFunctions.Core.Audit;

namespace RecoveryFunctions.Core.Accounts;

/// <summary>Accounts and the email → subscriber number index that keeps emails unique.</summary>
public interface IAccountStore
{
    /// <summary>
    /// The subscriber number <see cref="FindByEmailAsync"/> reads when the address is unknown. Its check digit is wrong
    /// (<see cref="Identity.SubscriberNumber.IsValid"/>), so no account can ever be stored there and the read finds nothing.
    /// </summary>
    public const string DecoySubscriberNumber = "0000000000001";

    Task<VersionedAccount?> GetAsync(string subscriberNumber, CancellationToken cancellationToken = default);

    /// <summary>
    /// Point read of the email index, then always a point read of an account: the one the index names, or
    /// <see cref="DecoySubscriberNumber"/> when the address is unknown. Part of the contract, not an implementation
    /// detail: the public steps (identify, sign-in, registration) must issue the same storage operations whether or
    /// not the address has an account, and every implementation keeps that shape.
    /// </summary>
    /// <returns>The account, only when it is still registered under this very address.</returns>
    Task<VersionedAccount?> FindByEmailAsync(string canonicalEmail, CancellationToken cancellationToken = default);

    /// <summary>Insert-if-absent of the email index entry; false when the address is already claimed.</summary>
    Task<bool> TryClaimEmailAsync(string canonicalEmail, string subscriberNumber, CancellationToken cancellationToken = default);

    /// <summary>Removes the index entry only if it still points at <paramref name="subscriberNumber"/>.</summary>
    Task ReleaseEmailAsync(string canonicalEmail, string subscriberNumber, CancellationToken cancellationToken = default);

    /// <summary>Insert; false when the subscriber number is already taken.</summary>
    Task<bool> TryCreateAsync(Account account, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replace under the read version; the new version, or null when someone else wrote first. The one save method:
    /// only <see cref="AccountUpdater"/> calls it (AccountRulesPlacementTests).
    /// </summary>
    /// <param name="audit">
    /// An event that records this write (<see cref="AuditPlacement.BesideTheAccount"/>), stored beside the account in the
    /// same transaction: both or neither, one operation. <see cref="IAuditLog.ListAsync"/> lists it with the others.
    /// </param>
    Task<string?> TryUpdateAsync(Account account, string version, AuditEvent? audit = null, CancellationToken cancellationToken = default);

    /// <summary>Delete under the read version; false when someone else wrote or deleted first.</summary>
    Task<bool> TryDeleteAsync(string subscriberNumber, string version, CancellationToken cancellationToken = default);
}
