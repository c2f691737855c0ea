namespace RecoveryFunctions.Core.Accounts;

/// <summary>Accounts and the email → subscriber number index that keeps emails unique.</summary>
public interface IAccountStore
{
    Task<VersionedAccount?> GetAsync(string subscriberNumber, CancellationToken cancellationToken = default);

    /// <summary>Point read of the email index, then of the account.</summary>
    Task<VersionedAccount?> FindByEmailAsync(string canonicalEmail, CancellationToken cancellationToken = default);

    /// <summary>Insert-if-absent of the email index entry; false when the address is already claimed.</summary>
    Task<bool> TryClaimEmailAsync(string canonicalEmail, string subscriberNumber, CancellationToken cancellationToken = default);

    /// <summary>Removes the index entry only if it still points at <paramref name="subscriberNumber"/>.</summary>
    Task ReleaseEmailAsync(string canonicalEmail, string subscriberNumber, CancellationToken cancellationToken = default);

    /// <summary>Insert; false when the subscriber number is already taken.</summary>
    Task<bool> TryCreateAsync(Account account, CancellationToken cancellationToken = default);

    /// <summary>Replace under the read version; the new version, or null when someone else wrote first.</summary>
    Task<string?> TryUpdateAsync(Account account, string version, CancellationToken cancellationToken = default);

    /// <summary>Delete under the read version; false when someone else wrote or deleted first.</summary>
    Task<bool> TryDeleteAsync(string subscriberNumber, string version, CancellationToken cancellationToken = default);
}
