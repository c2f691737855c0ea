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
        ArgumentNullException.ThrowIfNull(auditEvent);
        var inverted = (DateTimeOffset.MaxValue.UtcTicks - auditEvent.At.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
        _ = storage.Audit.TryAdd(auditEvent.SubscriberNumber, $"{inverted}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}", auditEvent)
            ?? throw new InvalidOperationException("Audit row key collision.");
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEvent>> ListAsync(string subscriberNumber, int max, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subscriberNumber);
        return Task.FromResult<IReadOnlyList<AuditEvent>>([.. storage.Audit.Query((partition, _) => partition == subscriberNumber, max).Select(r => r.Value)]);
    }
}
