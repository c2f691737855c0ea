using Azure;
using Azure.Data.Tables;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// Rows of the Tokens table at the addresses <see cref="TokenCodec"/> gives (partition = expiry bucket + shard, row = HMAC
/// of the token): what <see cref="TableTokenStore"/> and <see cref="TableRecoveryFlowStore"/> both write through, each
/// holding its own instance, so neither adapter depends on the other.
/// </summary>
internal sealed class TokenRows(StorageClients clients, TableNames names)
{
    private readonly TableClient _table = clients.Table(names.Tokens);

    public async Task AddAsync(TokenAddress address, TokenRecord record, CancellationToken cancellationToken)
        => await _table.AddEntityAsync(EntityOf(address, record), cancellationToken);

    /// <summary>Insert; false when a row is already at the address (the service's 409).</summary>
    public async Task<bool> TryAddAsync(TokenAddress address, TokenRecord record, CancellationToken cancellationToken)
        => await _table.TryAddAsync(EntityOf(address, record), cancellationToken) is not null;

    /// <summary>
    /// A row replaced under <paramref name="version"/> and a new row added beside it, in one transaction: true when both
    /// are written; false, neither written, when the replaced row changed or is gone (its 412 or 404 fails the batch).
    /// </summary>
    public async Task<bool> TryReplaceAndAddAsync(TokenAddress address, string version, TokenRecord updated, TokenAddress addedAddress, TokenRecord added, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(addedAddress);
        if (!string.Equals(address.Partition, addedAddress.Partition, StringComparison.Ordinal))
        {
            throw new ArgumentException("Rows written together must share one partition.", nameof(addedAddress));
        }

        try
        {
            await _table.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.UpdateReplace, TokenEntityMapper.ToEntity(address, updated), new ETag(version)),
                new TableTransactionAction(TableTransactionActionType.Add, TokenEntityMapper.ToEntity(addedAddress, added)),
            ], cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.FailedTransactionActionIndex is 0 && StorageErrors.IsLostRace(e))
        {
            return false;
        }
    }

    /// <summary>Point read; null when no row is there.</summary>
    public async Task<StoredToken?> GetAsync(TokenAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(address.Partition, address.Row, cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } entity
            ? new StoredToken(address, TokenEntityMapper.FromEntity(entity), entity.ETag.ToString())
            : null;
    }

    /// <summary>Replace under <paramref name="version"/>; the new version, or null if someone else wrote or deleted first.</summary>
    public async Task<string?> TryReplaceAsync(TokenAddress address, string version, TokenRecord updated, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(updated);
        try
        {
            var response = await _table.UpdateEntityAsync(TokenEntityMapper.ToEntity(address, updated), new ETag(version), TableUpdateMode.Replace, cancellationToken);
            return response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("Table update answered without an ETag.");
        }
        catch (RequestFailedException e) when (StorageErrors.IsLostRace(e))
        {
            return null;
        }
    }

    /// <summary>Delete under <paramref name="version"/>; false if someone else wrote or deleted first.</summary>
    public async Task<bool> TryDeleteAsync(TokenAddress address, string version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        try
        {
            // The SDK answers a missing row with its 404 response rather than an exception: gone already is a lost race
            // (the port's contract; a captcha's single use rests on it).
            var response = await _table.DeleteEntityAsync(address.Partition, address.Row, new ETag(version), cancellationToken);
            return !StorageErrors.IsNotFound(response.Status);
        }
        catch (RequestFailedException e) when (StorageErrors.IsLostRace(e))
        {
            return false;
        }
    }

    private static TableEntity EntityOf(TokenAddress address, TokenRecord record)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(record);
        return TokenEntityMapper.ToEntity(address, record);
    }
}
