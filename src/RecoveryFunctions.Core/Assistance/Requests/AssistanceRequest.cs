namespace RecoveryFunctions.Core.Assistance.Requests;

/// <summary>
/// One online assistance request (SPEC §2.7). Everything the stranger typed is kept as typed text (canonicalised
/// where it is an address); <see cref="AccountNumber"/> is set only when the typed identifiers named one active account.
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
    DateTimeOffset? AssignedAt = null);

/// <summary>A request as read, with the version its next write is conditioned on.</summary>
public sealed record VersionedAssistanceRequest(AssistanceRequest Request, string Version);

/// <summary>One page of open requests, oldest first; <see cref="Continuation"/> is null on the last page.</summary>
public sealed record AssistanceRequestPage(IReadOnlyList<AssistanceRequest> Requests, string? Continuation);
