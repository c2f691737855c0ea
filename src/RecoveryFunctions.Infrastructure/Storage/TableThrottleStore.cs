using Azure;
using Azure.Data.Tables;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// Window counters. Partition = expiry bucket of the window's end plus one window (a row is still read as the
/// previous window's while the next one runs; cleanup drops them by range), row = scope + window + HMAC-SHA256 of
/// the key under the token key ring (addresses and IPs never appear in clear, and without the key a dump cannot be
/// matched against a list of addresses). All counters of one request share the partition, so they are read with
/// one query and written with one ETag-guarded batch: two storage operations whatever their number, and parallel
/// hits can never both read the same count. A <see cref="ThrottleCounter.Sliding"/> counter also reads the previous
/// window's row in that query (its partition is the one before). What the counts mean (the weighted estimate, refusal,
/// retry-after) is <see cref="SlidingWindow"/>'s business: this adapter only reads and writes them.
/// After a key rotation the row under the previous key is read too and its count carried into the new row,
/// so rotating the key never opens a fresh window; the old row expires and is swept like any other.
/// A counter with <see cref="ThrottleCounter.Shards"/> above one (the per-client ones) is spread over that many rows
/// (row key + "_" + shard), read with one range per key and summed; a hit writes one shard drawn among those under their
/// share of the limit (<see cref="SlidingWindow.Quota"/>), so a burst from one shared address rarely meets on one row
/// and the sum still never passes the limit (docs/security/shared-addresses.md).
/// </summary>
public sealed class TableThrottleStore(StorageClients clients, TableNames names, ITokenKeyProvider keys, TimeProvider time, RecoveryMetrics metrics) : IThrottleStore
{
    /// <summary>
    /// Lost races before giving up. Each lost race is another hit's success, and sharded counters make them rare (a
    /// 50-way burst on 16 shards loses a few each), so this is reached only by hammering an unsharded per-account key.
    /// </summary>
    private const int MaxRaces = 100;
    private const string CountProperty = "Count";
    private readonly TableClient _table = clients.Tables.GetTableClient(names.Throttles);

    public async Task<ThrottleDecision> HitAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan length, CancellationToken cancellationToken = default)
    {
        var (window, rows) = await PrepareAsync(counters, length, cancellationToken);
        for (var attempt = 0; attempt < MaxRaces; attempt++)
        {
            var existing = await ReadAsync(window, rows, cancellationToken);
            var hit = window.Hit(Readings(rows, existing));
            foreach (var refused in hit.RefusedCounters)
            {
                metrics.ThrottleRefuse(refused.Counter.Scope);
            }

            var actions = hit.Counted.Select(c => Increment(window, RowOf(rows, c.Counter), c, existing)).ToList();
            try
            {
                if (actions.Count > 0)
                {
                    await _table.SubmitTransactionAsync(actions, cancellationToken);
                }

                return hit.Decision;
            }
            catch (RequestFailedException e) when (StorageErrors.IsLostRace(e))
            {
                // Another hit landed on one of our rows between our read and our write: read again.
            }
        }

        // Heavy contention on one key is itself a sign of abuse: refuse rather than loop.
        return window.Contended(rows.Select(r => r.Counter));
    }

    public async Task<ThrottleDecision> CheckAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan length, CancellationToken cancellationToken = default)
    {
        var (window, rows) = await PrepareAsync(counters, length, cancellationToken);
        var existing = await ReadAsync(window, rows, cancellationToken);
        return window.Check(Readings(rows, existing));
    }

    public async Task<IReadOnlyList<int>> CountAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan length, CancellationToken cancellationToken = default)
    {
        var (window, rows) = await PrepareAsync(counters, length, cancellationToken);
        var existing = await ReadAsync(window, rows, cancellationToken);
        return [.. counters.Select(c => window.Estimate(rows.First(r => r.Counter.Scope == c.Scope && r.Counter.Key == c.Key).Reading(existing)))];
    }

    public async Task RefundAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan length, int hits = 1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hits);
        var (window, rows) = await PrepareAsync(counters, length, cancellationToken);
        for (var attempt = 0; attempt < MaxRaces; attempt++)
        {
            var existing = await ReadAsync(window, rows, cancellationToken);
            var actions = rows.SelectMany(row => Refunds(window, row, existing, hits)).ToList();
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

    /// <summary>Partition of this window's rows: the expiry bucket of the moment the count stops mattering (cleanup drops them by range).</summary>
    private static string PartitionOf(SlidingWindow window) => ExpiryBucket.Format(ExpiryBucket.Of(window.CountExpiry));

    /// <summary>Partition of the previous window's rows (its count expires as this window ends).</summary>
    private static string PreviousPartitionOf(SlidingWindow window) => ExpiryBucket.Format(ExpiryBucket.Of(window.End));

    private async Task<(SlidingWindow Window, List<CounterRows> Rows)> PrepareAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan length, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counters);
        var window = SlidingWindow.At(time.GetUtcNow(), length);
        var ring = await keys.GetKeyRingAsync(cancellationToken);
        List<string> Names(ThrottleCounter c, DateTimeOffset start) =>
            [.. ring.ThrottleKeyHashes(c.Scope, c.Key).Select(hash => $"{c.Scope}_{start.UtcTicks}_{hash}")];
        var rows = counters
            .Select(c => new CounterRows(c, Names(c, window.Start), c.Sliding ? Names(c, window.PreviousStart) : []))
            .DistinctBy(r => r.Names[0])
            .ToList();
        return (window, rows);
    }

    private static List<CounterReading> Readings(List<CounterRows> rows, Dictionary<string, TableEntity> existing)
        => [.. rows.Select(r => r.Reading(existing))];

    private static CounterRows RowOf(List<CounterRows> rows, ThrottleCounter counter) => rows.First(r => ReferenceEquals(r.Counter, counter));

    /// <summary>One more hit on a shard under its share of the limit (<see cref="SlidingWindow.PickShard"/>).</summary>
    private static TableTransactionAction Increment(SlidingWindow window, CounterRows row, CounterReading reading, Dictionary<string, TableEntity> existing)
    {
        var counts = row.ShardCounts(row.Names, existing);
        var shard = window.PickShard(reading, counts);
        if (shard < 0)
        {
            throw new InvalidOperationException("A counted hit found no shard under its share: the window arithmetic and the store disagree.");
        }

        return Write(window, row, shard, existing, counts[shard] + 1);
    }

    /// <summary>Takes up to <paramref name="hits"/> back from the shards that hold some, starting at a random one.</summary>
    private static IEnumerable<TableTransactionAction> Refunds(SlidingWindow window, CounterRows row, Dictionary<string, TableEntity> existing, int hits)
    {
        var counts = row.ShardCounts(row.Names, existing);
        var first = System.Security.Cryptography.RandomNumberGenerator.GetInt32(counts.Count);
        var left = hits;
        for (var i = 0; i < counts.Count && left > 0; i++)
        {
            var shard = (first + i) % counts.Count;
            if (counts[shard] > 0)
            {
                var after = SlidingWindow.Refunded(counts[shard], left);
                left -= counts[shard] - after;
                yield return Write(window, row, shard, existing, after);
            }
        }
    }

    /// <summary>Writes the count under the current key: an update of the current row, or an insert carrying a previous key's count.</summary>
    private static TableTransactionAction Write(SlidingWindow window, CounterRows row, int shard, Dictionary<string, TableEntity> existing, int count)
    {
        var rowKey = row.RowKey(row.Names[0], shard);
        var current = existing.GetValueOrDefault(rowKey);
        var entity = new TableEntity(PartitionOf(window), rowKey) { [CountProperty] = count, ["ExpiresAt"] = window.CountExpiry };
        return current is null
            ? new TableTransactionAction(TableTransactionActionType.Add, entity)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, current.ETag);
    }

    /// <summary>One query: this window's rows, and the previous window's rows of sliding counters (its partition is the one before).</summary>
    private async Task<Dictionary<string, TableEntity>> ReadAsync(SlidingWindow window, List<CounterRows> rows, CancellationToken cancellationToken)
    {
        static string InPartition(string partition, IEnumerable<string> rowFilters) =>
            TableClient.CreateQueryFilter($"PartitionKey eq {partition}") + " and (" + string.Join(" or ", rowFilters) + ")";
        var filter = InPartition(PartitionOf(window), rows.SelectMany(r => r.Names.Select(r.Filter)));
        var previous = rows.SelectMany(r => r.PreviousNames.Select(r.Filter)).ToList();
        if (previous.Count > 0)
        {
            filter = "(" + filter + ") or (" + InPartition(PreviousPartitionOf(window), previous) + ")";
        }

        var found = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found[entity.RowKey] = entity;
        }

        return found;
    }

    /// <summary>
    /// One counter's row names in this window (under the current key first, then under the previous key: rotation)
    /// and, for a sliding counter, in the previous window; a sharded counter's rows are each name plus "_" and the shard.
    /// </summary>
    private sealed record CounterRows(ThrottleCounter Counter, IReadOnlyList<string> Names, IReadOnlyList<string> PreviousNames)
    {
        public string RowKey(string name, int shard) => Counter.Shards == 1 ? name : $"{name}_{shard:x2}";

        /// <summary>
        /// The row filter of one name: its row, or the range of its shards (two comparisons, whatever their number: a
        /// query may hold 15).
        /// </summary>
        public string Filter(string name) => Counter.Shards == 1
            ? TableClient.CreateQueryFilter($"RowKey eq {name}")
            : TableClient.CreateQueryFilter($"RowKey ge {name + "_"} and RowKey lt {name + "`"}");

        /// <summary>The counts as read, summed over the shards: this window's (a previous key's carried over after a rotation) and the previous window's.</summary>
        public CounterReading Reading(Dictionary<string, TableEntity> existing)
            => new(Counter, ShardCounts(Names, existing).Sum(), ShardCounts(PreviousNames, existing).Sum());

        /// <summary>Each shard's count under the first key that has a row for it.</summary>
        public List<int> ShardCounts(IReadOnlyList<string> names, Dictionary<string, TableEntity> existing)
            => [.. Enumerable.Range(0, Counter.Shards).Select(shard =>
                names.Select(name => existing.GetValueOrDefault(RowKey(name, shard))).FirstOrDefault(e => e is not null)?.GetInt32(CountProperty) ?? 0)];
    }
}
