namespace RecoveryFunctions.Core.Assistance.Requests;

/// <summary>Open requests by reference (oldest first), and closed ones kept only until their retention ends.</summary>
public interface IAssistanceRequestStore
{
    /// <summary>
    /// Files a submission: folded (<see cref="AssistanceRequest.Fold"/>) into the open request last filed under
    /// <paramref name="foldKey"/> when there is one, else added as a new request; the fold key is kept until
    /// <paramref name="foldUntil"/>. Both ways make the same storage operations (two point reads, two writes), so
    /// whether a submission was folded cannot be told from outside.
    /// </summary>
    /// <param name="foldKey">A keyed hash of what makes two submissions the same (no personal data in clear).</param>
    /// <returns>The request as stored: the new one, or the one it was folded into.</returns>
    Task<AssistanceRequest> SubmitAsync(AssistanceRequest request, string foldKey, DateTimeOffset foldUntil, CancellationToken cancellationToken = default);

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
