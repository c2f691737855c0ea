using System.Globalization;
using System.Security.Cryptography;
using Azure.Data.Tables;
using RecoveryFunctions.Core.Audit;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// The audit trail in its own table, append-only: this adapter only ever inserts (AddEntity), never updates
/// or deletes. Partition = subscriber number (an account's trail is one partition query); row key = inverted
/// ticks, so the newest sort first, plus random bits, so two events of the same tick never collide.
/// </summary>
public sealed class TableAuditLog(StorageClients clients, TableNames names) : IAuditLog
{
    private readonly TableClient _table = clients.Table(names.Audit);

    public async Task AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var inverted = (DateTimeOffset.MaxValue.UtcTicks - auditEvent.At.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
        var row = $"{inverted}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";
        await _table.AddEntityAsync(new TableEntity(auditEvent.SubscriberNumber, row)
        {
            ["At"] = auditEvent.At,
            ["Type"] = auditEvent.Type,
            ["AgentId"] = auditEvent.AgentId,
            ["AgentName"] = auditEvent.AgentName,
            ["Reason"] = auditEvent.Reason,
            ["Detail"] = auditEvent.Detail,
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEvent>> ListAsync(string subscriberNumber, int max, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subscriberNumber);
        var events = new List<AuditEvent>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {subscriberNumber}"), maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken))
        {
            events.Add(new AuditEvent(
                entity.PartitionKey,
                entity.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
                entity.GetString("Type") ?? "",
                entity.GetString("AgentId"),
                entity.GetString("AgentName"),
                entity.GetString("Reason"),
                entity.GetString("Detail")));
            if (events.Count >= max)
            {
                break;
            }
        }

        return events;
    }
}
