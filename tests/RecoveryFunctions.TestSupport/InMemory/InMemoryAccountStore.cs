using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Infrastructure.Storage;

namespace RecoveryFunctions.TestSupport.InMemory;

/// <summary>
/// <see cref="IAccountStore"/> in memory: accounts by subscriber number and the unique email index, insert-if-absent and
/// version-guarded like the Table adapter, and the same two point reads for a known or unknown address.
/// </summary>
public sealed class InMemoryAccountStore(InMemoryStorage storage) : IAccountStore
{
    private const string AccountRow = "account";
    private const string IndexRow = "email";

    public Task<VersionedAccount?> GetAsync(string subscriberNumber, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subscriberNumber);
        return Task.FromResult(storage.Accounts.Get(subscriberNumber, AccountRow) is { } row ? new VersionedAccount(row.Value, row.Version) : null);
    }

    public async Task<VersionedAccount?> FindByEmailAsync(string canonicalEmail, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(canonicalEmail);
        var subscriberNumber = storage.EmailIndex.Get(canonicalEmail, IndexRow)?.Value;

        // Always two point reads (the port's contract): the second on the decoy key when the address is unknown.
        var account = await GetAsync(subscriberNumber ?? IAccountStore.DecoySubscriberNumber, cancellationToken);
        return account is not null && account.Account.Email == canonicalEmail ? account : null;
    }

    public Task<bool> TryClaimEmailAsync(string canonicalEmail, string subscriberNumber, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(canonicalEmail);
        ArgumentException.ThrowIfNullOrEmpty(subscriberNumber);
        return Task.FromResult(storage.EmailIndex.TryAdd(canonicalEmail, IndexRow, subscriberNumber) is not null);
    }

    public Task ReleaseEmailAsync(string canonicalEmail, string subscriberNumber, CancellationToken cancellationToken = default)
    {
        if (storage.EmailIndex.Get(canonicalEmail, IndexRow) is { } row && row.Value == subscriberNumber)
        {
            // Under the version read: someone who re-pointed or removed it meanwhile keeps theirs.
            storage.EmailIndex.TryDelete(canonicalEmail, IndexRow, row.Version);
        }

        return Task.CompletedTask;
    }

    public Task<bool> TryCreateAsync(Account account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        return Task.FromResult(storage.Accounts.TryAdd(account.SubscriberNumber, AccountRow, account) is not null);
    }

    public Task<string?> TryUpdateAsync(Account account, string version, AuditEvent? audit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (audit is null)
        {
            return Task.FromResult(storage.Accounts.TryReplace(account.SubscriberNumber, AccountRow, version, account)?.Version);
        }

        AuditPlacement.RequireBesideTheAccount(audit, account.SubscriberNumber);

        return Task.FromResult(storage.Accounts.TryReplaceWith(account.SubscriberNumber, AccountRow, version, account, storage.AccountAudit, AuditRows.RowKey(audit), audit)?.Version);
    }

    public Task<bool> TryDeleteAsync(string subscriberNumber, string version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subscriberNumber);
        ArgumentException.ThrowIfNullOrEmpty(version);
        return Task.FromResult(storage.Accounts.TryDelete(subscriberNumber, AccountRow, version));
    }
}
