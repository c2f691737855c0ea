using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Recovery;

/// <summary>
/// Recovery flows, by address (<see cref="TokenCodec"/>). The only writer of their rows; what a row may become is
/// <see cref="RecoveryFlow"/>'s business.
/// </summary>
public interface IRecoveryFlowStore
{
    /// <summary>Inserts a new flow; throws when its address is taken.</summary>
    Task AddAsync(RecoveryFlow flow, CancellationToken cancellationToken = default);

    /// <summary>Point read; null when no flow is there.</summary>
    Task<RecoveryFlow?> GetAsync(TokenAddress address, CancellationToken cancellationToken = default);

    /// <summary>Replaces the flow under its <see cref="RecoveryFlow.Version"/>; the flow at its new version, or null when someone else wrote or deleted first.</summary>
    Task<RecoveryFlow?> TrySaveAsync(RecoveryFlow flow, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces <paramref name="flow"/> under its <see cref="RecoveryFlow.Version"/> and inserts <paramref name="added"/> in its
    /// partition, in one transaction: true when both are written; false, with neither written, when someone else wrote or
    /// deleted <paramref name="flow"/> first. Throws when the two are in different partitions.
    /// </summary>
    Task<bool> TryReplaceAndAddAsync(RecoveryFlow flow, RecoveryFlow added, CancellationToken cancellationToken = default);
}
