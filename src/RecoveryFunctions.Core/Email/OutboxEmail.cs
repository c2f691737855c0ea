namespace RecoveryFunctions.Core.Email;

/// <summary>
/// One email waiting in the outbox queue. <see cref="OperationId"/> is fixed when enqueued and is both ACS's
/// Repeatability-Request-ID (so a retried send is not executed twice) and the Operation-Id under which its status is
/// read. <see cref="To"/> is null when the step must look like it sent something but has no one to send to
/// (enumeration safety): the worker drops it. Every re-queue carries the message's delivery state with it.
/// <see cref="TraceParent"/> is the W3C traceparent of the step that queued it, so the worker's span continues that trace.
/// </summary>
public sealed record OutboxEmail(
    Guid OperationId,
    EmailTemplate Template,
    string? To,
    string Language,
    IReadOnlyDictionary<string, string> Values,
    EmailBudget Budget)
{
    /// <summary>When first put on the outbox; <see cref="Options.EmailOptions.MaxOutboxAge"/> counts from here.</summary>
    public DateTimeOffset? EnqueuedAt { get; init; }

    /// <summary>When the link or code it carries stops working (null for notices): past it, the email is never sent.</summary>
    public DateTimeOffset? ValidUntil { get; init; }

    /// <summary>Times the worker put it back on the queue (throttled, status check, yielding, transient failure).</summary>
    public int Requeues { get; init; }

    /// <summary>Times an operator moved it back from the poison queue.</summary>
    public int Replays { get; init; }

    public EmailDeliveryState Delivery { get; init; } = new();

    public string? TraceParent { get; init; }
}

/// <summary>What the worker knows of the send so far, kept across re-queues.</summary>
/// <param name="FirstSentAt">Repeatability-First-Sent of the current repeatable request: the first attempt's time.</param>
/// <param name="MaybeAccepted">An attempt ended without an answer (timeout, lost response): ACS may hold it.</param>
/// <param name="Accepted">ACS answered 202 (or 409, first request in progress): only the status remains to read.</param>
/// <param name="TransientFailures">5xx, timeouts and network errors so far.</param>
/// <param name="StatusReads">Status reads spent on it.</param>
public sealed record EmailDeliveryState(
    DateTimeOffset? FirstSentAt = null,
    bool MaybeAccepted = false,
    bool Accepted = false,
    int TransientFailures = 0,
    int StatusReads = 0);
