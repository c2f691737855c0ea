namespace RecoveryFunctions.Core.Email;

/// <summary>
/// One email waiting in the outbox queue. <see cref="OperationId"/> is fixed when enqueued and sent as
/// ACS's Operation-Id, so a retried message is never sent twice. <see cref="To"/> is null when the
/// step must look like it sent something but has no one to send to (enumeration safety): the worker drops it.
/// <see cref="Deferrals"/> counts re-queues after an ACS 429, which are not failures. <see cref="TraceParent"/> is the
/// W3C traceparent of the step that queued it, so the worker's span continues that trace.
/// </summary>
public sealed record OutboxEmail(
    Guid OperationId,
    EmailTemplate Template,
    string? To,
    string Language,
    IReadOnlyDictionary<string, string> Values,
    bool StrangerTriggered,
    int Deferrals = 0,
    string? TraceParent = null);
