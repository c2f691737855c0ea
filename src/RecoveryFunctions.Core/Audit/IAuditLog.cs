namespace RecoveryFunctions.Core.Audit;

/// <summary>
/// The append-only audit trail of each account: what the holder and helpdesk agents did, newest first.
/// Never holds a secret (password, answer, token, code): callers put only event kinds, dates and reasons in it.
/// </summary>
public interface IAuditLog
{
    Task AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default);

    /// <summary>The newest <paramref name="max"/> events of an account, newest first.</summary>
    Task<IReadOnlyList<AuditEvent>> ListAsync(string subscriberNumber, int max, CancellationToken cancellationToken = default);
}
