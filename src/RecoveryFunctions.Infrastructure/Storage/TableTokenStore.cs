using Azure;
using Azure.Data.Tables;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// Token rows in the Tokens table at the addresses <see cref="TokenCodec"/> gives (partition = expiry bucket + shard,
/// row = HMAC of the token). Recovery flows, their links and the recovery markers live in the same table, through
/// their own stores (<see cref="TableRecoveryFlowStore"/>).
/// </summary>
public sealed class TableTokenStore(StorageClients clients, TableNames names) : ITokenStore
{
    private readonly TableClient _table = clients.Tables.GetTableClient(names.Tokens);

    public async Task AddAsync(TokenAddress address, TokenRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(record);
        await _table.AddEntityAsync(TokenEntityMapper.ToEntity(address, record), cancellationToken);
    }

    public async Task<StoredToken?> GetAsync(TokenAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(address.Partition, address.Row, cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } entity
            ? new StoredToken(address, TokenEntityMapper.FromEntity(entity), entity.ETag.ToString())
            : null;
    }

    public async Task<bool> TryReplaceAsync(StoredToken token, TokenRecord updated, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(updated);
        return await TryReplaceAsync(token.Address, token.Version, updated, cancellationToken) is not null;
    }

    /// <summary>Replace under <paramref name="version"/>; the new version, or null if someone else wrote or deleted first.</summary>
    internal async Task<string?> TryReplaceAsync(TokenAddress address, string version, TokenRecord updated, CancellationToken cancellationToken)
    {
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

    public async Task<bool> TryDeleteAsync(StoredToken token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        try
        {
            await _table.DeleteEntityAsync(token.Address.Partition, token.Address.Row, new ETag(token.Version), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (StorageErrors.IsLostRace(e))
        {
            return false;
        }
    }
}
