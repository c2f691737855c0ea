using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.TestSupport.InMemory;

/// <summary>
/// <see cref="IRecoveryFlowStore"/> in memory: flows and links as token rows in the layout <see cref="RecoveryFlowRecords"/>
/// gives, in the same table as the other tokens (a link's address read as a flow finds nothing, as on the service).
/// </summary>
public sealed class InMemoryRecoveryFlowStore(InMemoryStorage storage) : IRecoveryFlowStore
{
    private readonly InMemoryTokenStore _rows = new(storage);

    public async Task AddAsync(RecoveryFlow flow, RecoveryLink? link = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        if (link is null)
        {
            await _rows.AddAsync(flow.Address, RecoveryFlowRecords.ToRecord(flow), cancellationToken);
            return;
        }

        if (!storage.Tokens.TryAddTogether([(flow.Address.Partition, flow.Address.Row, RecoveryFlowRecords.ToRecord(flow)), (link.Address.Partition, link.Address.Row, RecoveryFlowRecords.ToRecord(link))]))
        {
            throw new InvalidOperationException("A token row is already stored at one of these addresses.");
        }
    }

    public async Task<RecoveryFlow?> GetAsync(TokenAddress address, CancellationToken cancellationToken = default)
        => await _rows.GetAsync(address, cancellationToken) is { } row ? RecoveryFlowRecords.ToFlow(row) : null;

    public async Task<RecoveryLink?> GetLinkAsync(TokenAddress address, CancellationToken cancellationToken = default)
        => await _rows.GetAsync(address, cancellationToken) is { } row ? RecoveryFlowRecords.ToLink(row) : null;

    public Task<RecoveryFlow?> TrySaveAsync(RecoveryFlow flow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var version = flow.Version ?? throw new ArgumentException("A flow not yet stored is added, not saved.", nameof(flow));
        return Task.FromResult(_rows.TryReplace(flow.Address, version, RecoveryFlowRecords.ToRecord(flow)) is { } written ? flow with { Version = written } : null);
    }
}
