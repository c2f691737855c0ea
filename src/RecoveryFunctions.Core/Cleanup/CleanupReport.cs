namespace RecoveryFunctions.Core.Cleanup;

/// <summary>What one cleanup run deleted; counts only, never keys.</summary>
public sealed record CleanupReport(int Tokens, int Throttles, int PendingAccounts, int PendingMarkers, TimeSpan Elapsed)
{
    /// <summary>Closed assistance requests past their retention.</summary>
    public int AssistanceRequests { get; init; }

    public int Total => Tokens + Throttles + PendingAccounts + PendingMarkers + AssistanceRequests;
}
