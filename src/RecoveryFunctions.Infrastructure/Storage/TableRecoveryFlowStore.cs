using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// Recovery flows and their links as rows of the Tokens table (<see cref="TokenRows"/>), in the layout
/// <see cref="RecoveryFlowRecords"/> reads and writes.
/// </summary>
public sealed class TableRecoveryFlowStore(StorageClients clients, TableNames names) : IRecoveryFlowStore
{
    private readonly TokenRows _rows = new(clients, names);

    public async Task AddAsync(RecoveryFlow flow, RecoveryLink? link = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        if (link is null)
        {
            await _rows.AddAsync(flow.Address, RecoveryFlowRecords.ToRecord(flow), cancellationToken);
            return;
        }

        // A link is issued in its flow's partition (RecoveryLink.For): one transaction, so neither row exists without the other.
        await _rows.AddTogetherAsync([(flow.Address, RecoveryFlowRecords.ToRecord(flow)), (link.Address, RecoveryFlowRecords.ToRecord(link))], cancellationToken);
    }

    public async Task<RecoveryFlow?> GetAsync(TokenAddress address, CancellationToken cancellationToken = default)
        => await _rows.GetAsync(address, cancellationToken) is { } row ? RecoveryFlowRecords.ToFlow(row) : null;

    public async Task<RecoveryLink?> GetLinkAsync(TokenAddress address, CancellationToken cancellationToken = default)
        => await _rows.GetAsync(address, cancellationToken) is { } row ? RecoveryFlowRecords.ToLink(row) : null;

    public async Task<RecoveryFlow?> TrySaveAsync(RecoveryFlow flow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var version = flow.Version ?? throw new ArgumentException("A flow not yet stored is added, not saved.", nameof(flow));
        return await _rows.TryReplaceAsync(flow.Address, version, RecoveryFlowRecords.ToRecord(flow), cancellationToken) is { } written ? flow with { Version = written } : null;
    }
}
