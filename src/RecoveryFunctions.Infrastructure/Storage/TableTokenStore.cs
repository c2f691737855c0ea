using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// Token rows in the Tokens table (<see cref="TokenRows"/>). Recovery flows, their links and the recovery markers live
/// in the same table, through their own store (<see cref="TableRecoveryFlowStore"/>).
/// </summary>
public sealed class TableTokenStore(StorageClients clients, TableNames names) : ITokenStore
{
    private readonly TokenRows _rows = new(clients, names);

    public Task AddAsync(TokenAddress address, TokenRecord record, CancellationToken cancellationToken = default)
        => _rows.AddAsync(address, record, cancellationToken);

    public Task<bool> TryAddAsync(TokenAddress address, TokenRecord record, CancellationToken cancellationToken = default)
        => _rows.TryAddAsync(address, record, cancellationToken);

    public Task<StoredToken?> GetAsync(TokenAddress address, CancellationToken cancellationToken = default)
        => _rows.GetAsync(address, cancellationToken);

    public async Task<bool> TryReplaceAsync(StoredToken token, TokenRecord updated, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        return await _rows.TryReplaceAsync(token.Address, token.Version, updated, cancellationToken) is not null;
    }

    public Task<bool> TryDeleteAsync(StoredToken token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        return _rows.TryDeleteAsync(token.Address, token.Version, cancellationToken);
    }
}
