using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.TestSupport.InMemory;

/// <summary>
/// <see cref="IRecoveryFlowStore"/> in memory: flows as token rows in the layout <see cref="RecoveryFlowRecords"/> gives, in
/// the same table as the other tokens (another token's address read as a flow finds nothing, as on the service).
/// </summary>
public sealed class InMemoryRecoveryFlowStore(InMemoryStorage storage) : IRecoveryFlowStore
{
    private readonly InMemoryTokenStore _rows = new(storage);

    public Task AddAsync(RecoveryFlow flow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return _rows.AddAsync(flow.Address, RecoveryFlowRecords.ToRecord(flow), cancellationToken);
    }

    public async Task<RecoveryFlow?> GetAsync(TokenAddress address, CancellationToken cancellationToken = default)
        => await _rows.GetAsync(address, cancellationToken) is { } row ? RecoveryFlowRecords.ToFlow(row) : null;

    public Task<RecoveryFlow?> TrySaveAsync(RecoveryFlow flow, CancellationToken cancellationToken = default)
        => Task.FromResult(_rows.TryReplace(flow.Address, RecoveryFlow.StoredVersion(flow), RecoveryFlowRecords.ToRecord(flow)) is { } written ? flow with { Version = written } : null);

    public Task<bool> TryReplaceAndAddAsync(RecoveryFlow flow, RecoveryFlow added, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(added);
        return Task.FromResult(storage.Tokens.TryReplaceAndAdd(flow.Address.Partition, flow.Address.Row, RecoveryFlow.StoredVersion(flow), RecoveryFlowRecords.ToRecord(flow), (added.Address.Partition, added.Address.Row), RecoveryFlowRecords.ToRecord(added)));
    }
}
