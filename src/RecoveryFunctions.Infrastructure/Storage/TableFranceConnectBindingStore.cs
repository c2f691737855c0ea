using Azure;
using Azure.Data.Tables;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.FranceConnect;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// <see cref="IFranceConnectBindingStore"/> on one table: the index row (partition <c>identity:{hash}</c>) and the
/// account's row (partition <c>account:{subscriber number}</c>), each a point read.
/// </summary>
public sealed class TableFranceConnectBindingStore(StorageClients clients, TableNames names) : IFranceConnectBindingStore
{
    private const string Row = "binding";
    private readonly TableClient _table = clients.Table(names.FranceConnectBindings);

    public async Task<bool> TryBindAsync(string subscriberNumber, FranceConnectBinding binding, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subscriberNumber);
        ArgumentNullException.ThrowIfNull(binding);
        if (!await TryAddAsync(new TableEntity(IdentityPartition(binding.IdentityHash), Row) { ["SubscriberNumber"] = subscriberNumber }, cancellationToken))
        {
            return false;
        }

        var account = new TableEntity(AccountPartition(subscriberNumber), Row)
        {
            ["IdentityHash"] = binding.IdentityHash,
            ["SubjectHash"] = binding.SubjectHash,
            ["BoundAt"] = binding.BoundAt,
        };
        if (await TryAddAsync(account, cancellationToken))
        {
            return true;
        }

        // The account is bound to another identity: release the claim just made.
        await _table.DeleteEntityAsync(IdentityPartition(binding.IdentityHash), Row, ETag.All, cancellationToken);
        return false;
    }

    public async Task<FranceConnectBinding?> FindByAccountAsync(string subscriberNumber, CancellationToken cancellationToken = default)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(AccountPartition(subscriberNumber), Row, cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } entity
            ? new FranceConnectBinding(entity.GetString("IdentityHash") ?? "", entity.GetString("SubjectHash") ?? "", entity.GetDateTimeOffset("BoundAt") ?? DateTimeOffset.UnixEpoch)
            : null;
    }

    public async Task<string?> FindAccountAsync(IReadOnlyList<string> identityHashes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identityHashes);

        // The same reads whatever is stored (a recovery must not tell a bound identity from an unbound one by its
        // operations): every key's index row, then one account row, the decoy's when no index row names an account.
        string? claimed = null;
        string? claimedHash = null;
        foreach (var hash in identityHashes)
        {
            var index = await _table.GetEntityIfExistsAsync<TableEntity>(IdentityPartition(hash), Row, cancellationToken: cancellationToken);
            if (claimed is null && index.HasValue && index.Value?.GetString("SubscriberNumber") is { } subscriberNumber)
            {
                (claimed, claimedHash) = (subscriberNumber, hash);
            }
        }

        var binding = await FindByAccountAsync(claimed ?? IAccountStore.DecoySubscriberNumber, cancellationToken);
        return claimed is not null && binding?.IdentityHash == claimedHash ? claimed : null;
    }

    public async Task<bool> UnbindAsync(string subscriberNumber, CancellationToken cancellationToken = default)
    {
        var binding = await FindByAccountAsync(subscriberNumber, cancellationToken);
        if (binding is null)
        {
            return false;
        }

        // The account's row first: once it is gone the index row is no longer honoured, whatever happens next.
        await _table.DeleteEntityAsync(AccountPartition(subscriberNumber), Row, ETag.All, cancellationToken);
        await _table.DeleteEntityAsync(IdentityPartition(binding.IdentityHash), Row, ETag.All, cancellationToken);
        return true;
    }

    private async Task<bool> TryAddAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await _table.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (StorageErrors.IsConflict(e))
        {
            return false;
        }
    }

    private static string IdentityPartition(string hash) => "identity:" + hash;

    private static string AccountPartition(string subscriberNumber) => "account:" + subscriberNumber;
}
