namespace RecoveryFunctions.Core.Assistance.Requests;

/// <summary>
/// One online assistance request (contract §2.7). Everything the stranger typed is kept as typed text (canonicalised
/// where it is an address), except a password or answer of the matched account found in the message, masked before
/// storage (<see cref="Redacted"/>); <see cref="AccountNumber"/> is set only when the typed identifiers named one active
/// account. The same request sent again the same day is folded into this one (<see cref="Count"/>).
/// </summary>
public sealed record AssistanceRequest(
    string Reference,
    DateTimeOffset ReceivedAt,
    string Topic,
    string Message,
    string Language,
    string? SubscriberNumber,
    string? Email,
    string? ContactEmail,
    string? ContactPhone,
    string? AccountNumber,
    string? AssignedToId = null,
    string? AssignedToName = null,
    DateTimeOffset? AssignedAt = null)
{
    /// <summary>The message had the account's password or answer, replaced by a marker: agents see that, never what.</summary>
    public bool Redacted { get; init; }

    /// <summary>How many identical submissions (same identifiers, topic, contact and message, same UTC day) this request stands for.</summary>
    public int Count { get; init; } = 1;

    /// <summary>When the last of them arrived (null while <see cref="Count"/> is 1).</summary>
    public DateTimeOffset? LastReceivedAt { get; init; }

    /// <summary>The references given to the folded submissions, oldest first, up to <see cref="MaxFoldedReferences"/>.</summary>
    public IReadOnlyList<string> FoldedReferences { get; init; } = [];

    public const int MaxFoldedReferences = 20;

    /// <summary>This request with one more identical submission folded into it.</summary>
    public AssistanceRequest Fold(AssistanceRequest duplicate)
    {
        ArgumentNullException.ThrowIfNull(duplicate);
        return this with
        {
            Count = Count + 1,
            LastReceivedAt = duplicate.ReceivedAt,
            FoldedReferences = FoldedReferences.Count < MaxFoldedReferences ? [.. FoldedReferences, duplicate.Reference] : FoldedReferences,
        };
    }
}

/// <summary>A request as read, with the version its next write is conditioned on.</summary>
public sealed record VersionedAssistanceRequest(AssistanceRequest Request, string Version);

/// <summary>One page of open requests, oldest first; <see cref="Continuation"/> is null on the last page.</summary>
public sealed record AssistanceRequestPage(IReadOnlyList<AssistanceRequest> Requests, string? Continuation);
