using Azure;
using Azure.Data.Tables;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>Tokens stored only as HMAC-SHA256 row keys, partitioned by expiry bucket (see <see cref="ExpiryBucket"/>).</summary>
public sealed class TableTokenStore(StorageClients clients, TableNames names, ITokenKeyProvider keys) : ITokenStore
{
    private readonly TableClient _table = clients.Tables.GetTableClient(names.Tokens);

    public async Task<string> IssueAsync(TokenRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var ring = await keys.GetKeyRingAsync(cancellationToken);
        var token = BucketedToken.Create(record.LatestExpiry);
        BucketedToken.TryGetPartition(token, out var partition);
        await _table.AddEntityAsync(TokenEntityMapper.ToEntity(new TokenAddress(partition, ring.Hash(token)), record), cancellationToken);
        return token;
    }

    public async Task<StoredToken?> FindAsync(string token, TokenKind kind, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token) || !BucketedToken.TryGetPartition(token, out var partition))
        {
            return null;
        }

        var ring = await keys.GetKeyRingAsync(cancellationToken);
        foreach (var row in ring.CandidateHashes(token))
        {
            var response = await _table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
            if (response.HasValue && response.Value is { } entity)
            {
                var record = TokenEntityMapper.FromEntity(entity);
                return record.Kind == kind ? new StoredToken(new TokenAddress(partition, row), record, entity.ETag.ToString()) : null;
            }
        }

        return null;
    }

    public async Task<bool> TryReplaceAsync(StoredToken token, TokenRecord updated, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(updated);
        try
        {
            await _table.UpdateEntityAsync(TokenEntityMapper.ToEntity(token.Address, updated), new ETag(token.Version), TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (StorageErrors.IsLostRace(e))
        {
            return false;
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

    public async Task<TokenAddress?> AddressOfAsync(string token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token) || !BucketedToken.TryGetPartition(token, out var partition))
        {
            return null;
        }

        var ring = await keys.GetKeyRingAsync(cancellationToken);
        return new TokenAddress(partition, ring.Hash(token));
    }

    public async Task<StoredToken?> GetAsync(TokenAddress address, TokenKind kind, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(address.Partition, address.Row, cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is not { } entity)
        {
            return null;
        }

        var record = TokenEntityMapper.FromEntity(entity);
        return record.Kind == kind ? new StoredToken(address, record, entity.ETag.ToString()) : null;
    }

    public async Task PutMarkerAsync(string name, DateTimeOffset expiresAt, string value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var ring = await keys.GetKeyRingAsync(cancellationToken);
        var address = new TokenAddress(BucketedToken.MarkerPartition(ExpiryBucket.Of(expiresAt)), ring.Hash("marker:" + name));
        var record = new TokenRecord { Kind = TokenKind.Marker, IssuedAt = expiresAt, ExpiresAt = expiresAt, Payload = value };
        await _table.UpsertEntityAsync(TokenEntityMapper.ToEntity(address, record), TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<string?> GetMarkerAsync(string name, long bucket, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var ring = await keys.GetKeyRingAsync(cancellationToken);
        var marker = await GetAsync(new TokenAddress(BucketedToken.MarkerPartition(bucket), ring.Hash("marker:" + name)), TokenKind.Marker, cancellationToken);
        return marker?.Record.Payload;
    }
}
