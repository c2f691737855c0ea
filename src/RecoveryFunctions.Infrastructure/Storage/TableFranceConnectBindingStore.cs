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

        // Two partitions, so no single transaction: the claim, the account's row, then the claim confirmed under its
        // ETag. A claim whose account does not point back (a bind that died between its writes) is free and taken over
        // under its ETag; the confirmation fences a takeover racing this bind, so exactly one of them keeps the identity.
        var claim = new TableEntity(IdentityPartition(binding.IdentityHash), Row) { ["SubscriberNumber"] = subscriberNumber };
        if (await ClaimAsync(claim, binding.IdentityHash, cancellationToken) is not { } claimed)
        {
            return false;
        }

        var account = new TableEntity(AccountPartition(subscriberNumber), Row)
        {
            ["IdentityHash"] = binding.IdentityHash,
            ["SubjectHash"] = binding.SubjectHash,
            ["BoundAt"] = binding.BoundAt,
        };
        if (await TryAddAsync(account, cancellationToken) is not { } written)
        {
            // The account is bound to another identity: release the claim just made (unless already taken over).
            await TryDeleteAsync(claim.PartitionKey, claimed, cancellationToken);
            return false;
        }

        try
        {
            await _table.UpdateEntityAsync(claim, claimed, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (StorageErrors.IsLostRace(e))
        {
            // Another bind took the claim over before the account's row was written: this one gives way.
            await TryDeleteAsync(account.PartitionKey, written, cancellationToken);
            return false;
        }
    }

    /// <summary>The identity's claim for <paramref name="claim"/>'s account: added, or a free one taken over; its ETag, or null when the identity is bound.</summary>
    private async Task<ETag?> ClaimAsync(TableEntity claim, string identityHash, CancellationToken cancellationToken)
    {
        if (await TryAddAsync(claim, cancellationToken) is { } added)
        {
            return added;
        }

        var current = await _table.GetEntityIfExistsAsync<TableEntity>(claim.PartitionKey, Row, cancellationToken: cancellationToken);
        if (!current.HasValue || current.Value is not { } held)
        {
            return await TryAddAsync(claim, cancellationToken);
        }

        var holder = await FindByAccountAsync(held.GetString("SubscriberNumber") ?? "", cancellationToken);
        if (holder?.IdentityHash == identityHash)
        {
            return null;
        }

        try
        {
            return (await _table.UpdateEntityAsync(claim, held.ETag, TableUpdateMode.Replace, cancellationToken)).Headers.ETag;
        }
        catch (RequestFailedException e) when (StorageErrors.IsLostRace(e))
        {
            return null;
        }
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
        var rows = await Task.WhenAll(identityHashes.Select(hash => _table.GetEntityIfExistsAsync<TableEntity>(IdentityPartition(hash), Row, cancellationToken: cancellationToken)));
        var (claimedHash, claimed) = identityHashes.Zip(rows, (hash, row) => (Hash: hash, Account: row.HasValue ? row.Value?.GetString("SubscriberNumber") : null))
            .FirstOrDefault(c => c.Account is not null);

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

        // The account's row first: once it is gone the index row is no longer honoured, whatever happens next. The claim goes only while it still names this account: a bind may already have taken the freed identity over.
        await _table.DeleteEntityAsync(AccountPartition(subscriberNumber), Row, ETag.All, cancellationToken);
        var claim = await _table.GetEntityIfExistsAsync<TableEntity>(IdentityPartition(binding.IdentityHash), Row, cancellationToken: cancellationToken);
        if (claim.HasValue && claim.Value is { } held && held.GetString("SubscriberNumber") == subscriberNumber)
        {
            await TryDeleteAsync(held.PartitionKey, held.ETag, cancellationToken);
        }

        return true;
    }

    /// <returns>The new row's ETag, or null when the row is already there.</returns>
    private async Task<ETag?> TryAddAsync(TableEntity entity, CancellationToken cancellationToken)
        => (await _table.TryAddAsync(entity, cancellationToken))?.Headers.ETag;

    /// <summary>Deletes the row only at <paramref name="version"/>: a row another bind has since rewritten stays.</summary>
    private async Task TryDeleteAsync(string partition, ETag version, CancellationToken cancellationToken)
    {
        try
        {
            await _table.DeleteEntityAsync(partition, Row, version, cancellationToken);
        }
        catch (RequestFailedException e) when (StorageErrors.IsLostRace(e))
        {
            // Taken over or already gone: nothing of this bind's to remove.
        }
    }

    private static string IdentityPartition(string hash) => "identity:" + hash;

    private static string AccountPartition(string subscriberNumber) => "account:" + subscriberNumber;
}
