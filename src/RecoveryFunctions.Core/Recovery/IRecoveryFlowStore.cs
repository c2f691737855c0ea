using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Recovery;

/// <summary>
/// Recovery flows and their emailed links, by address (<see cref="TokenCodec"/>). The only writer of their rows; what a
/// row may become is <see cref="RecoveryFlow"/>'s business.
/// </summary>
public interface IRecoveryFlowStore
{
    /// <summary>
    /// Inserts a new flow, and its link when there is one, in one transaction: the link is issued in the flow's partition
    /// (<see cref="RecoveryLink.For"/>), and neither row is written when either address is taken.
    /// </summary>
    Task AddAsync(RecoveryFlow flow, RecoveryLink? link = null, CancellationToken cancellationToken = default);

    /// <summary>Point read; null when no flow is there.</summary>
    Task<RecoveryFlow?> GetAsync(TokenAddress address, CancellationToken cancellationToken = default);

    /// <summary>Point read; null when no recovery or helpdesk link is there.</summary>
    Task<RecoveryLink?> GetLinkAsync(TokenAddress address, CancellationToken cancellationToken = default);

    /// <summary>Replaces the flow under its <see cref="RecoveryFlow.Version"/>; the flow at its new version, or null when someone else wrote or deleted first.</summary>
    Task<RecoveryFlow?> TrySaveAsync(RecoveryFlow flow, CancellationToken cancellationToken = default);
}
