using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// Recovery flows as rows of the Tokens table (<see cref="TokenRows"/>), in the layout
/// <see cref="RecoveryFlowRecords"/> reads and writes.
/// </summary>
public sealed class TableRecoveryFlowStore(StorageClients clients, TableNames names) : IRecoveryFlowStore
{
    private readonly TokenRows _rows = new(clients, names);

    public async Task AddAsync(RecoveryFlow flow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        await _rows.AddAsync(flow.Address, RecoveryFlowRecords.ToRecord(flow), cancellationToken);
    }

    public async Task<RecoveryFlow?> GetAsync(TokenAddress address, CancellationToken cancellationToken = default)
        => await _rows.GetAsync(address, cancellationToken) is { } row ? RecoveryFlowRecords.ToFlow(row) : null;

    public async Task<RecoveryFlow?> TrySaveAsync(RecoveryFlow flow, CancellationToken cancellationToken = default)
    {
        return await _rows.TryReplaceAsync(flow.Address, RecoveryFlow.StoredVersion(flow), RecoveryFlowRecords.ToRecord(flow), cancellationToken) is { } written ? flow with { Version = written } : null;
    }

    public async Task<bool> TryReplaceAndAddAsync(RecoveryFlow flow, RecoveryFlow added, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(added);
        return await _rows.TryReplaceAndAddAsync(flow.Address, RecoveryFlow.StoredVersion(flow), RecoveryFlowRecords.ToRecord(flow), added.Address, RecoveryFlowRecords.ToRecord(added), cancellationToken);
    }
}
