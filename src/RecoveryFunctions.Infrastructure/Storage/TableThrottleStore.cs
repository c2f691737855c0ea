using Azure;
using Azure.Data.Tables;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// Fixed-window counters. Partition = expiry bucket of the window's end (cleanup drops them by range),
/// row = scope + window + HMAC-SHA256 of the key under the token key ring (addresses and IPs never appear in
/// clear, and without the key a dump cannot be matched against a list of addresses). All counters of one
/// request share the partition, so they are read with one query and written with one ETag-guarded batch:
/// two storage operations whatever their number, and parallel hits can never both read the same count.
/// After a key rotation the row under the previous key is read too and its count carried into the new row,
/// so rotating the key never opens a fresh window; the old row expires and is swept like any other.
/// </summary>
public sealed class TableThrottleStore(StorageClients clients, TableNames names, ITokenKeyProvider keys, TimeProvider time, RecoveryMetrics metrics) : IThrottleStore
{
    private const int MaxRaces = 20;
    private const string CountProperty = "Count";
    private readonly TableClient _table = clients.Tables.GetTableClient(names.Throttles);

    public async Task<ThrottleDecision> HitAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(counters);
        var now = time.GetUtcNow();
        var windowStart = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % window.Ticks), TimeSpan.Zero);
        var windowEnd = windowStart + window;
        var partition = ExpiryBucket.Format(ExpiryBucket.Of(windowEnd));
        var ring = await keys.GetKeyRingAsync(cancellationToken);
        var rows = counters
            .Select(c => (Counter: c, Rows: ring.ThrottleKeyHashes(c.Scope, c.Key).Select(hash => $"{c.Scope}_{windowStart.UtcTicks}_{hash}").ToList()))
            .DistinctBy(r => r.Rows[0])
            .ToList();

        for (var attempt = 0; attempt < MaxRaces; attempt++)
        {
            var existing = await ReadAsync(partition, rows.SelectMany(r => r.Rows), cancellationToken);
            var refused = false;
            var actions = new List<TableTransactionAction>();
            foreach (var (counter, rowKeys) in rows)
            {
                var current = existing.GetValueOrDefault(rowKeys[0]);
                var carried = rowKeys.Skip(1).Select(existing.GetValueOrDefault).FirstOrDefault(e => e is not null);
                var count = (current ?? carried)?.GetInt32(CountProperty) ?? 0;
                if (count >= counter.Limit)
                {
                    refused = true;
                    metrics.ThrottleRefuse(counter.Scope);
                    continue;
                }

                var row = new TableEntity(partition, rowKeys[0]) { [CountProperty] = count + 1, ["ExpiresAt"] = windowEnd };
                actions.Add(current is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, row)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, current.ETag));
            }

            try
            {
                if (actions.Count > 0)
                {
                    await _table.SubmitTransactionAsync(actions, cancellationToken);
                }

                return refused ? new ThrottleDecision(false, windowEnd - now) : ThrottleDecision.Allow;
            }
            catch (RequestFailedException e) when (StorageErrors.IsLostRace(e))
            {
                // Another hit landed between our read and our write: read again.
            }
        }

        // Heavy contention on one key is itself a sign of abuse: refuse rather than loop.
        return new ThrottleDecision(false, windowEnd - now);
    }

    private async Task<Dictionary<string, TableEntity>> ReadAsync(string partition, IEnumerable<string> rows, CancellationToken cancellationToken)
    {
        var rowFilter = string.Join(" or ", rows.Select(row => TableClient.CreateQueryFilter($"RowKey eq {row}")));
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}") + " and (" + rowFilter + ")";
        var found = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found[entity.RowKey] = entity;
        }

        return found;
    }
}
