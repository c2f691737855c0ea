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
        var (now, windowEnd, partition, rows) = await PrepareAsync(counters, window, cancellationToken);
        for (var attempt = 0; attempt < MaxRaces; attempt++)
        {
            var existing = await ReadAsync(partition, rows, cancellationToken);
            var refused = new HashSet<string>(StringComparer.Ordinal);
            var filled = new HashSet<string>(StringComparer.Ordinal);
            var actions = new List<TableTransactionAction>();
            foreach (var row in rows)
            {
                var count = row.Count(existing);
                if (count >= row.Counter.Limit)
                {
                    refused.Add(row.Counter.Scope);
                    metrics.ThrottleRefuse(row.Counter.Scope);
                    continue;
                }

                if (count + 1 >= row.Counter.Limit)
                {
                    filled.Add(row.Counter.Scope);
                }

                actions.Add(Write(partition, row, existing, count + 1, windowEnd));
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
        var (now, windowEnd, partition, rows) = await PrepareAsync(counters, window, cancellationToken);
        var existing = await ReadAsync(partition, rows, cancellationToken);
        var refused = rows.Where(r => r.Count(existing) >= r.Counter.Limit)
            .Select(r => r.Counter.Scope).ToHashSet(StringComparer.Ordinal);
        return new ThrottleDecision(refused.Count == 0, refused.Count == 0 ? TimeSpan.Zero : windowEnd - now) { Refused = refused, WindowEnd = windowEnd };
    }

    public async Task RefundAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan window, int hits = 1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hits);
        var (_, windowEnd, partition, rows) = await PrepareAsync(counters, window, cancellationToken);
        for (var attempt = 0; attempt < MaxRaces; attempt++)
        {
            var existing = await ReadAsync(partition, rows, cancellationToken);
            var actions = rows
                .Select(row => (Row: row, Count: row.Count(existing)))
                .Where(c => c.Count > 0)
                .Select(c => Write(partition, c.Row, existing, c.Count - Math.Min(hits, c.Count), windowEnd))
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

    private async Task<(DateTimeOffset Now, DateTimeOffset WindowEnd, string Partition, List<CounterRows> Rows)> PrepareAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counters);
        var now = time.GetUtcNow();
        var windowStart = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % window.Ticks), TimeSpan.Zero);
        var windowEnd = windowStart + window;
        var partition = ExpiryBucket.Format(ExpiryBucket.Of(windowEnd));
        var ring = await keys.GetKeyRingAsync(cancellationToken);
        var rows = counters
            .Select(c => new CounterRows(c, ring.ThrottleKeyHashes(c.Scope, c.Key).Select(hash => $"{c.Scope}_{windowStart.UtcTicks}_{hash}").ToList()))
            .DistinctBy(r => r.Current)
            .ToList();
        return (now, windowEnd, partition, rows);
    }

    /// <summary>Writes the count under the current key: an update of the current row, or an insert carrying a previous key's count.</summary>
    private static TableTransactionAction Write(string partition, CounterRows row, Dictionary<string, TableEntity> existing, int count, DateTimeOffset windowEnd)
    {
        var current = existing.GetValueOrDefault(row.Current);
        var entity = new TableEntity(partition, row.Current) { [CountProperty] = count, ["ExpiresAt"] = windowEnd };
        return current is null
            ? new TableTransactionAction(TableTransactionActionType.Add, entity)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, current.ETag);
    }

    private async Task<Dictionary<string, TableEntity>> ReadAsync(string partition, IEnumerable<CounterRows> rows, CancellationToken cancellationToken)
    {
        var rowFilter = string.Join(" or ", rows.SelectMany(r => r.Keys).Select(row => TableClient.CreateQueryFilter($"RowKey eq {row}")));
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}") + " and (" + rowFilter + ")";
        var found = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found[entity.RowKey] = entity;
        }

        return found;
    }

    /// <summary>One counter's row keys: under the current key first, then under the previous key (rotation).</summary>
    private sealed record CounterRows(ThrottleCounter Counter, IReadOnlyList<string> Keys)
    {
        public string Current => Keys[0];

        /// <summary>The current row's count, or the previous key's row's count carried over after a rotation.</summary>
        public int Count(Dictionary<string, TableEntity> existing)
            => (existing.GetValueOrDefault(Current) ?? Keys.Skip(1).Select(existing.GetValueOrDefault).FirstOrDefault(e => e is not null))?.GetInt32(CountProperty) ?? 0;
    }
}
