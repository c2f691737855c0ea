using Azure.Data.Tables;
using RecoveryFunctions.Core.Audit;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// The audit trail, append-only: this adapter only ever inserts (AddEntity), never updates or deletes. Most events are
/// rows of the audit table (<see cref="AuditRows"/>); the events <see cref="AuditPlacement"/> puts beside the account are
/// written by the account's own write (<see cref="TableAccountStore.TryUpdateAsync"/>) and read back here, so an
/// account's trail is one partition query in each table, merged newest first.
/// </summary>
public sealed class TableAuditLog(StorageClients clients, TableNames names) : IAuditLog
{
    private readonly TableClient _table = clients.Table(names.Audit);
    private readonly TableClient _accounts = clients.Table(names.Accounts);

    public async Task AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        AuditPlacement.Require(auditEvent, besideTheAccount: false);
        await _table.AddEntityAsync(AuditRows.ToEntity(auditEvent), cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEvent>> ListAsync(string subscriberNumber, int max, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subscriberNumber);
        var inTable = ReadAsync(_table, TableClient.CreateQueryFilter($"PartitionKey eq {subscriberNumber}"), max, cancellationToken);
        var besideTheAccount = ReadAsync(_accounts, TableClient.CreateQueryFilter($"PartitionKey eq {subscriberNumber} and RowKey ge {AuditRows.BesideTheAccount} and RowKey lt {AuditRows.BesideTheAccountEnd}"), max, cancellationToken);
        return [.. (await inTable).Concat(await besideTheAccount).OrderByDescending(e => e.At).Take(max)];
    }

    private static async Task<List<AuditEvent>> ReadAsync(TableClient table, string filter, int max, CancellationToken cancellationToken)
    {
        var events = new List<AuditEvent>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken))
        {
            events.Add(AuditRows.FromEntity(entity));
            if (events.Count >= max)
            {
                break;
            }
        }

        return events;
    }
}
