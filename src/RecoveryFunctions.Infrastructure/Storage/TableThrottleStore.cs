using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// Fixed-window counters. Partition = expiry bucket of the window's end (cleanup drops them by range),
/// row = scope + window + SHA-256 of the key (addresses and IPs never appear in clear). All counters of one
/// request share the partition, so they are read with one query and written with one ETag-guarded batch:
/// two storage operations whatever their number, and parallel hits can never both read the same count.
/// </summary>
public sealed class TableThrottleStore(StorageClients clients, TableNames names, TimeProvider time) : IThrottleStore
{
    private const int MaxRaces = 20;
    private const string CountProperty = "Count";
    private readonly TableClient _table = clients.Tables.GetTableClient(names.Throttles);

    public async Task<ThrottleDecision> HitAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan window, CancellationToken cancellationToken = default)
    {
        var (now, windowStart, windowEnd, partition, rows) = Prepare(counters, window);
        for (var attempt = 0; attempt < MaxRaces; attempt++)
        {
            var existing = await ReadAsync(partition, rows.Select(r => r.Row), cancellationToken);
            var refused = new HashSet<string>(StringComparer.Ordinal);
            var filled = new HashSet<string>(StringComparer.Ordinal);
            var actions = new List<TableTransactionAction>();
            foreach (var (counter, row) in rows)
            {
                var current = existing.GetValueOrDefault(row);
                var count = current?.GetInt32(CountProperty) ?? 0;
                if (count >= counter.Limit)
                {
                    refused.Add(counter.Scope);
                    continue;
                }

                if (count + 1 >= counter.Limit)
                {
                    filled.Add(counter.Scope);
                }

                actions.Add(Write(partition, row, current, count + 1, windowEnd));
            }

            try
            {
                if (actions.Count > 0)
                {
                    await _table.SubmitTransactionAsync(actions, cancellationToken);
                }

                return new ThrottleDecision(refused.Count == 0, refused.Count == 0 ? TimeSpan.Zero : windowEnd - now) { Refused = refused, Filled = filled, WindowEnd = windowEnd };
            }
            catch (RequestFailedException e) when (StorageErrors.IsLostRace(e))
            {
                // Another hit landed between our read and our write: read again.
            }
        }

        // Heavy contention on one key is itself a sign of abuse: refuse rather than loop.
        return new ThrottleDecision(false, windowEnd - now) { Refused = rows.Select(r => r.Counter.Scope).ToHashSet(StringComparer.Ordinal), WindowEnd = windowEnd };
    }

    public async Task<ThrottleDecision> CheckAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan window, CancellationToken cancellationToken = default)
    {
        var (now, _, windowEnd, partition, rows) = Prepare(counters, window);
        var existing = await ReadAsync(partition, rows.Select(r => r.Row), cancellationToken);
        var refused = rows.Where(r => (existing.GetValueOrDefault(r.Row)?.GetInt32(CountProperty) ?? 0) >= r.Counter.Limit)
            .Select(r => r.Counter.Scope).ToHashSet(StringComparer.Ordinal);
        return new ThrottleDecision(refused.Count == 0, refused.Count == 0 ? TimeSpan.Zero : windowEnd - now) { Refused = refused, WindowEnd = windowEnd };
    }

    public async Task RefundAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan window, int hits = 1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hits);
        var (_, _, windowEnd, partition, rows) = Prepare(counters, window);
        for (var attempt = 0; attempt < MaxRaces; attempt++)
        {
            var existing = await ReadAsync(partition, rows.Select(r => r.Row), cancellationToken);
            var actions = existing.Values
                .Select(current => (Current: current, Count: current.GetInt32(CountProperty) ?? 0))
                .Where(c => c.Count > 0)
                .Select(c => Write(partition, c.Current.RowKey, c.Current, c.Count - Math.Min(hits, c.Count), windowEnd))
                .ToList();
            try
            {
                if (actions.Count > 0)
                {
                    await _table.SubmitTransactionAsync(actions, cancellationToken);
                }

                return;
            }
            catch (RequestFailedException e) when (StorageErrors.IsLostRace(e))
            {
                // A hit landed meanwhile: refund from the new count.
            }
        }
    }

    private (DateTimeOffset Now, DateTimeOffset WindowStart, DateTimeOffset WindowEnd, string Partition, List<(ThrottleCounter Counter, string Row)> Rows) Prepare(IReadOnlyList<ThrottleCounter> counters, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(counters);
        var now = time.GetUtcNow();
        var windowStart = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % window.Ticks), TimeSpan.Zero);
        var windowEnd = windowStart + window;
        var partition = ExpiryBucket.Format(ExpiryBucket.Of(windowEnd));
        var rows = counters.Select(c => (Counter: c, Row: RowKey(c, windowStart))).DistinctBy(r => r.Row).ToList();
        return (now, windowStart, windowEnd, partition, rows);
    }

    private static TableTransactionAction Write(string partition, string row, TableEntity? current, int count, DateTimeOffset windowEnd)
    {
        var entity = new TableEntity(partition, row) { [CountProperty] = count, ["ExpiresAt"] = windowEnd };
        return current is null
            ? new TableTransactionAction(TableTransactionActionType.Add, entity)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, current.ETag);
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
