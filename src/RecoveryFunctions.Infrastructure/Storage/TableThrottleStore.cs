using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// Fixed-window counters. Partition = expiry bucket of the window's end (cleanup drops them by range),
/// row = scope + window + SHA-256 of the key (addresses and IPs never appear in clear). All counters of one
/// request share the partition, so they are read with one query and written with one ETag-guarded batch:
/// two storage operations whatever their number, and parallel hits can never both read the same count.
/// </summary>
public sealed class TableThrottleStore(StorageClients clients, TableNames names, TimeProvider time, RecoveryMetrics metrics) : IThrottleStore
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
        var rows = counters.Select(c => (Counter: c, Row: RowKey(c, windowStart))).DistinctBy(r => r.Row).ToList();

        for (var attempt = 0; attempt < MaxRaces; attempt++)
        {
            var existing = await ReadAsync(partition, rows.Select(r => r.Row), cancellationToken);
            var refused = false;
            var actions = new List<TableTransactionAction>();
            foreach (var (counter, row) in rows)
            {
                var current = existing.GetValueOrDefault(row);
                var count = current?.GetInt32(CountProperty) ?? 0;
                if (count >= counter.Limit)
                {
                    refused = true;
                    metrics.ThrottleRefuse(counter.Scope);
                    continue;
                }

                actions.Add(current is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, row) { [CountProperty] = 1, ["ExpiresAt"] = windowEnd })
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, new TableEntity(partition, row) { [CountProperty] = count + 1, ["ExpiresAt"] = windowEnd }, current.ETag));
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

    private static string RowKey(ThrottleCounter counter, DateTimeOffset windowStart)
        => $"{counter.Scope}_{windowStart.UtcTicks}_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(counter.Key)))}";
}
