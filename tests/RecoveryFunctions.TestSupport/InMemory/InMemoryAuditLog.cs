using System.Globalization;
using System.Security.Cryptography;
using RecoveryFunctions.Core.Audit;

namespace RecoveryFunctions.TestSupport.InMemory;

/// <summary>
/// <see cref="IAuditLog"/> in memory, append-only: partition = subscriber number, row = inverted ticks plus random bits,
/// so an account's trail reads newest first and two events of one tick never collide, as in the Table adapter.
/// </summary>
public sealed class InMemoryAuditLog(InMemoryStorage storage) : IAuditLog
{
    public Task AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        AuditPlacement.Require(auditEvent, besideTheAccount: false);
        _ = storage.Audit.TryAdd(auditEvent.SubscriberNumber, RowKey(auditEvent), auditEvent)
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

    /// <summary>Inverted ticks, so the newest sort first, then random bits, so two events of one tick never collide.</summary>
    internal static string RowKey(AuditEvent auditEvent)
        => $"{(DateTimeOffset.MaxValue.UtcTicks - auditEvent.At.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";
}
