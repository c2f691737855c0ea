using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Infrastructure.Storage;

namespace RecoveryFunctions.TestSupport.InMemory;

/// <summary>
/// <see cref="IAuditLog"/> in memory, append-only: partition = subscriber number, row = the Table adapter's own row key
/// (<see cref="AuditRows.RowKey"/>), so an account's trail reads newest first here as there.
/// </summary>
public sealed class InMemoryAuditLog(InMemoryStorage storage) : IAuditLog
{
    public Task AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        AuditPlacement.Require(auditEvent, besideTheAccount: false);
        _ = storage.Audit.TryAdd(auditEvent.SubscriberNumber, AuditRows.RowKey(auditEvent), auditEvent)
            ?? throw new InvalidOperationException("Audit row key collision.");
        return Task.CompletedTask;
    }

    /// <summary>Both places an event may be (AuditPlacement), one query each, merged newest first.</summary>
    public Task<IReadOnlyList<AuditEvent>> ListAsync(string subscriberNumber, int max, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subscriberNumber);
        var rows = storage.Audit.Query((partition, _) => partition == subscriberNumber, max)
            .Concat(storage.AccountAudit.Query((partition, _) => partition == subscriberNumber, max));
        return Task.FromResult<IReadOnlyList<AuditEvent>>([.. rows.OrderBy(r => r.Row, StringComparer.Ordinal).Take(max).Select(r => r.Value)]);
    }
}
