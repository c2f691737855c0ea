using Azure;
using Azure.Data.Tables;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Audit;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// Accounts (partition = subscriber number, row <c>account</c>), the audit rows written with them (<see cref="AuditRows.BesideTheAccount"/>),
/// and the unique email index, in Table Storage.
/// </summary>
public sealed class TableAccountStore(StorageClients clients, TableNames names) : IAccountStore
{
    private readonly TableClient _accounts = clients.Table(names.Accounts);
    private readonly TableClient _index = clients.Table(names.EmailIndex);

    public async Task<VersionedAccount?> GetAsync(string subscriberNumber, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subscriberNumber);
        var response = await _accounts.GetEntityIfExistsAsync<TableEntity>(subscriberNumber, AccountEntityMapper.RowKey, cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } entity
            ? new VersionedAccount(AccountEntityMapper.FromEntity(entity), entity.ETag.ToString())
            : null;
    }

    public async Task<VersionedAccount?> FindByEmailAsync(string canonicalEmail, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(canonicalEmail);
        var index = await _index.GetEntityIfExistsAsync<TableEntity>(EmailIndexKey.For(canonicalEmail), EmailIndexKey.RowKey, cancellationToken: cancellationToken);
        var subscriberNumber = index.HasValue ? index.Value?.GetString("SubscriberNumber") : null;

        // Always two point reads (the port's contract): the second on the decoy key when the address is unknown.
        var account = await GetAsync(subscriberNumber ?? IAccountStore.DecoySubscriberNumber, cancellationToken);
        return account is not null && account.Account.Email == canonicalEmail ? account : null;
    }

    public async Task<bool> TryClaimEmailAsync(string canonicalEmail, string subscriberNumber, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(canonicalEmail);
        ArgumentException.ThrowIfNullOrEmpty(subscriberNumber);
        // Insert-if-absent: of N concurrent claims exactly one gets 204, the others 409.
        return await _index.TryAddAsync(new TableEntity(EmailIndexKey.For(canonicalEmail), EmailIndexKey.RowKey) { ["SubscriberNumber"] = subscriberNumber }, cancellationToken) is not null;
    }

    public async Task ReleaseEmailAsync(string canonicalEmail, string subscriberNumber, CancellationToken cancellationToken = default)
    {
        var key = EmailIndexKey.For(canonicalEmail);
        var index = await _index.GetEntityIfExistsAsync<TableEntity>(key, EmailIndexKey.RowKey, cancellationToken: cancellationToken);
        if (index.HasValue && index.Value is { } entity && entity.GetString("SubscriberNumber") == subscriberNumber)
        {
            try
            {
                await _index.DeleteEntityAsync(key, EmailIndexKey.RowKey, entity.ETag, cancellationToken);
            }
            catch (RequestFailedException e) when (StorageErrors.IsLostRace(e))
            {
                // Someone re-pointed or removed it meanwhile: theirs now.
            }
        }
    }

    public async Task<bool> TryCreateAsync(Account account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        return await _accounts.TryAddAsync(AccountEntityMapper.ToEntity(account), cancellationToken) is not null;
    }

    public async Task<string?> TryUpdateAsync(Account account, string version, AuditEvent? audit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        try
        {
            if (audit is null)
            {
                var response = await _accounts.UpdateEntityAsync(AccountEntityMapper.ToEntity(account), new ETag(version), TableUpdateMode.Replace, cancellationToken);
                return response.Headers.ETag?.ToString();
            }

            // The audit row beside the account, in the same entity-group transaction: a lost ETag race (412) writes neither.
            AuditPlacement.RequireBesideTheAccount(audit, account.SubscriberNumber);

            var written = await _accounts.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.UpdateReplace, AccountEntityMapper.ToEntity(account), new ETag(version)),
                new TableTransactionAction(TableTransactionActionType.Add, AuditRows.ToEntity(audit, AuditRows.BesideTheAccount)),
            ], cancellationToken);
            return written.Value[0].Headers.ETag?.ToString();
        }
        catch (RequestFailedException e) when (StorageErrors.IsLostRace(e))
        {
            return null;
        }
    }

    public async Task<bool> TryDeleteAsync(string subscriberNumber, string version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subscriberNumber);
        ArgumentException.ThrowIfNullOrEmpty(version);
        try
        {
            // The SDK answers a missing row with its 404 response rather than an exception.
            var response = await _accounts.DeleteEntityAsync(subscriberNumber, AccountEntityMapper.RowKey, new ETag(version), cancellationToken);
            return !StorageErrors.IsNotFound(response.Status);
        }
        catch (RequestFailedException e) when (StorageErrors.IsLostRace(e))
        {
            return false;
        }
    }
}
