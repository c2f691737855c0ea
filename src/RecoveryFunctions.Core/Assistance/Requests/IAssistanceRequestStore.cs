namespace RecoveryFunctions.Core.Assistance.Requests;

/// <summary>Open requests by reference (oldest first), and closed ones kept only until their retention ends.</summary>
public interface IAssistanceRequestStore
{
    Task AddAsync(AssistanceRequest request, CancellationToken cancellationToken = default);

    /// <summary>Open requests in reference order (references sort by arrival), after <paramref name="continuation"/>.</summary>
    Task<AssistanceRequestPage> ListOpenAsync(string? continuation, int max, CancellationToken cancellationToken = default);

    /// <summary>How many requests are open, and when the oldest of them arrived (null when none): the operator's gauge.</summary>
    Task<(int Count, DateTimeOffset? OldestReceivedAt)> CountOpenAsync(CancellationToken cancellationToken = default);

    Task<VersionedAssistanceRequest?> GetOpenAsync(string reference, CancellationToken cancellationToken = default);

    /// <summary>Replace under the read version; false when someone else wrote first.</summary>
    Task<bool> TryUpdateOpenAsync(AssistanceRequest request, string version, CancellationToken cancellationToken = default);

    /// <summary>
    /// Files the request as closed until <paramref name="deleteAfter"/> (the cleanup's key range), then removes the
    /// open row under <paramref name="version"/>; false when someone else wrote or closed it first.
    /// </summary>
    Task<bool> TryCloseAsync(AssistanceRequest request, string version, string outcome, DateTimeOffset closedAt, DateTimeOffset deleteAfter, CancellationToken cancellationToken = default);
}
