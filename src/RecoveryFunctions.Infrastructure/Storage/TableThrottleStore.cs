using Azure;
using Azure.Data.Tables;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// Window counters. Partition = expiry bucket of the window's end plus one window (a row is still read as the
/// previous window's while the next one runs; cleanup drops them by range) + "_" + the first two characters of the
/// counter key's keyed hash (<see cref="PartitionScope"/>: one key's counters of every scope share it), so a window's
/// counters spread over 4,096 partitions (docs/decisions/0007-partitions-for-the-night.md);
/// row = scope + window + HMAC-SHA256 of the key under the token key ring (addresses and IPs never appear in clear, and
/// without the key a dump cannot be matched against a list of addresses). One request's counters are read with one
/// query; each counter's rows are written with one ETag-guarded batch, so parallel hits can never both read the same
/// count. A request with two counters (sign-in: the client's and the address's) writes two batches: each counter is
/// decided on its own reading alone (<see cref="SlidingWindow.Hit"/>), so no batch boundary can let a burst past a limit.
/// A <see cref="ThrottleCounter.Sliding"/> counter also reads the previous window's row in that query (the bucket before). What the counts mean (the weighted estimate, refusal,
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
    private readonly SpreadTable _table = clients.Spread(names.Throttles);

    public async Task<ThrottleDecision> HitAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan length, CancellationToken cancellationToken = default)
    {
        var (window, rows) = await PrepareAsync(counters, length, cancellationToken);
        return await HitReadAsync(window, rows, await ReadAsync(window, rows, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// One query for both lists; when the hit is one counter and every refunded counter shares its partition (one
    /// client's counters: <see cref="PartitionOf"/> is keyed by the key alone), one ETag-guarded batch writes them all,
    /// re-read and decided again after a lost race. Otherwise the refunds and the hit are written as their own calls do.
    /// </summary>
    public async Task<ThrottleDecision> GiveBackAndHitAsync(IReadOnlyList<ThrottleCounter> givenBack, IReadOnlyList<ThrottleCounter> counters, TimeSpan length, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(givenBack);
        ArgumentNullException.ThrowIfNull(counters);
        var (window, rows) = await PrepareAsync([.. givenBack, .. counters], length, cancellationToken);
        var refunds = rows.Where(r => givenBack.Contains(r.Counter)).ToList();
        var hits = rows.Except(refunds).ToList();
        var read = await ReadAsync(window, rows, cancellationToken);
        if (hits.Count != 1 || refunds.Any(r => r.Partition(window) != hits[0].Partition(window)))
        {
            await Task.WhenAll(refunds.Select(r => RefundCounterAsync(window, r, read, 1, cancellationToken)));
            return await HitReadAsync(window, hits, read, cancellationToken);
        }

        return await HitCounterAsync(window, hits[0], read, touch: false, refunds, cancellationToken);
    }

    private async Task<ThrottleDecision> HitReadAsync(SlidingWindow window, List<CounterRows> rows, Dictionary<string, TableEntity> read, CancellationToken cancellationToken)
    {
        // One batch per counter, each in its own partition (two counters share one by chance only, 1 in 4,096, and
        // still write apart so the shape never depends on it). When anything is counted every counter writes, a full
        // one too (its count rewritten as it is): which counter is full does not change the number of writes (a
        // locked address costs what an unlocked one does).
        var touch = rows.Count > 1 && window.Hit(Readings(rows, read)).Counted.Count > 0;
        var decisions = await Task.WhenAll(rows.Select(r => HitCounterAsync(window, r, read, touch, [], cancellationToken)));
        return decisions.Length == 1 ? decisions[0] : Merge(window, decisions);
    }

    /// <summary>
    /// One counter: read (first from the request's shared query), decided, its shards written in one ETag-guarded batch,
    /// read again after a lost race. Each counter is decided on its own reading only (<see cref="SlidingWindow.Hit"/>), so
    /// deciding and writing counter by counter gives every counter the decision one batch would have given it.
    /// </summary>
    /// <param name="refunds">Counters of the same partition given one hit back in the same batch, whatever the decision.</param>
    private async Task<ThrottleDecision> HitCounterAsync(SlidingWindow window, CounterRows counter, Dictionary<string, TableEntity> existing, bool touch, IReadOnlyList<CounterRows> refunds, CancellationToken cancellationToken)
    {
        List<CounterRows> rows = [counter, .. refunds];
        for (var attempt = 0; attempt < MaxRaces; attempt++)
        {
            var hit = window.Hit(Readings([counter], existing));
            foreach (var refused in hit.RefusedCounters)
            {
                metrics.ThrottleRefuse(refused.Counter.Scope);
            }

            var actions = hit.Counted.Select(c => Increment(window, counter, c, existing)).ToList();
            if (actions.Count == 0 && touch)
            {
                actions.Add(Write(window, counter, 0, existing, counter.ShardCounts(counter.Names, existing)[0]));
            }

            actions.AddRange(refunds.SelectMany(r => Refunds(window, r, existing, 1)));

            try
            {
                if (actions.Count > 0)
                {
                    await _table.For(actions[0].Entity.PartitionKey).SubmitTransactionAsync(actions, cancellationToken);
                }

                return hit.Decision;
            }
            catch (RequestFailedException e) when (StorageErrors.IsLostRace(e))
            {
                // Another hit landed on one of our rows between our read and our write: read this counter (and its refunds) again.
                existing = await ReadAsync(window, rows, cancellationToken);
            }
        }

        // Heavy contention on one key is itself a sign of abuse: refuse rather than loop.
        return window.Contended([counter.Counter]);
    }

    /// <summary>The decision of one hit whose counters lay in several partitions: what <see cref="SlidingWindow.Hit"/> gives for all of them at once.</summary>
    private static ThrottleDecision Merge(SlidingWindow window, ThrottleDecision[] decisions)
    {
        var refused = decisions.Where(d => !d.Allowed).ToList();
        return new ThrottleDecision(refused.Count == 0, refused.Count == 0 ? TimeSpan.Zero : refused.Max(d => d.RetryAfter))
        {
            Refused = decisions.SelectMany(d => d.Refused).ToHashSet(StringComparer.Ordinal),
            Filled = decisions.SelectMany(d => d.Filled).ToHashSet(StringComparer.Ordinal),
            WindowEnd = window.End,
        };
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
        var read = await ReadAsync(window, rows, cancellationToken);
        await Task.WhenAll(rows.Select(r => RefundCounterAsync(window, r, read, hits, cancellationToken)));
    }

    private async Task RefundCounterAsync(SlidingWindow window, CounterRows counter, Dictionary<string, TableEntity> existing, int hits, CancellationToken cancellationToken)
    {
        List<CounterRows> rows = [counter];
        for (var attempt = 0; attempt < MaxRaces; attempt++)
        {
            var actions = rows.SelectMany(row => Refunds(window, row, existing, hits)).ToList();
            try
            {
                if (actions.Count > 0)
                {
                    await _table.For(actions[0].Entity.PartitionKey).SubmitTransactionAsync(actions, cancellationToken);
                }

                return;
            }
            catch (RequestFailedException e) when (StorageErrors.IsLostRace(e))
            {
                // A hit landed meanwhile: refund from the new count.
                existing = await ReadAsync(window, rows, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Characters of a counter's keyed hash appended to its window's bucket: 64² = 4,096 partitions per bucket, so the
    /// night's counters spread instead of meeting in one partition per window (docs/architecture/partitions.md).
    /// </summary>
    internal const int PartitionHashChars = 2;

    /// <summary>
    /// Partition of a counter's rows: the expiry bucket of the moment the count stops mattering (cleanup drops them by
    /// range), then "_" and the first characters of the counter's keyed hash (<see cref="PartitionHashChars"/>).
    /// </summary>
    internal static string PartitionOf(DateTimeOffset countExpiry, string keyHash)
        => ExpiryBucket.Format(ExpiryBucket.Of(countExpiry)) + "_" + keyHash[..PartitionHashChars];

    /// <summary>
    /// The scope a counter's partition hash is drawn under: the key alone, so every counter of one key (a client's captcha,
    /// recovery and sign-in counts) lies in one partition and one request's refund and hit are one batch
    /// (<see cref="GiveBackAndHitAsync"/>); the row keeps its own scope's hash.
    /// </summary>
    internal const string PartitionScope = "partition";

    private async Task<(SlidingWindow Window, List<CounterRows> Rows)> PrepareAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan length, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counters);
        var window = SlidingWindow.At(time.GetUtcNow(), length);
        var ring = await keys.GetKeyRingAsync(cancellationToken);
        List<string> Names(ThrottleCounter c, IReadOnlyList<string> hashes, DateTimeOffset start) =>
            [.. hashes.Select(hash => $"{c.Scope}_{start.UtcTicks}_{hash}")];
        var rows = counters
            .Select(c => (Counter: c, Hashes: ring.ThrottleKeyHashes(c.Scope, c.Key)))
            .Select(c => new CounterRows(c.Counter, c.Hashes, ring.ThrottleKeyHashes(PartitionScope, c.Counter.Key), Names(c.Counter, c.Hashes, window.Start), c.Counter.Sliding ? Names(c.Counter, c.Hashes, window.PreviousStart) : []))
            .DistinctBy(r => r.Names[0])
            .ToList();
        return (window, rows);
    }

    private static List<CounterReading> Readings(List<CounterRows> rows, Dictionary<string, TableEntity> existing)
        => [.. rows.Select(r => r.Reading(existing))];

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
        var entity = new TableEntity(row.Partition(window), rowKey) { [CountProperty] = count, ["ExpiresAt"] = window.CountExpiry };
        return current is null
            ? new TableTransactionAction(TableTransactionActionType.Add, entity)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, current.ETag);
    }

    /// <summary>
    /// One query: each counter's rows in this window and, for sliding counters, in the previous one (the bucket before,
    /// the same hash characters), under every key of the ring; one OR-ed clause per partition, one query per account.
    /// </summary>
    private async Task<Dictionary<string, TableEntity>> ReadAsync(SlidingWindow window, List<CounterRows> rows, CancellationToken cancellationToken)
    {
        var clauses = rows
            .SelectMany(r => r.Names.Select((name, i) => (Partition: PartitionOf(window.CountExpiry, r.PartitionHashes[i]), Row: r.Filter(name)))
                .Concat(r.PreviousNames.Select((name, i) => (Partition: PartitionOf(window.End, r.PartitionHashes[i]), Row: r.Filter(name)))))
            .GroupBy(c => c.Partition, StringComparer.Ordinal)
            .Select(g => (Partition: g.Key, Clause: "(" + TableClient.CreateQueryFilter($"PartitionKey eq {g.Key}") + " and (" + string.Join(" or ", g.Select(c => c.Row)) + "))"))
            .ToList();

        // One query per account the partitions live on: one, unless the throttles are spread over several accounts.
        var pages = await Task.WhenAll(clauses.GroupBy(c => _table.IndexOf(c.Partition)).Select(async account =>
        {
            var filter = account.Count() == 1 ? account.First().Clause : string.Join(" or ", account.Select(c => c.Clause));
            var entities = new List<TableEntity>();
            await foreach (var entity in _table.All[account.Key].QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                entities.Add(entity);
            }

            return entities;
        }));
        var found = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        foreach (var entity in pages.SelectMany(p => p))
        {
            found[entity.RowKey] = entity;
        }

        return found;
    }

    /// <summary>
    /// One counter's row names in this window (under the current key first, then under the previous key: rotation)
    /// and, for a sliding counter, in the previous window; a sharded counter's rows are each name plus "_" and the shard.
    /// </summary>
    private sealed record CounterRows(ThrottleCounter Counter, IReadOnlyList<string> Hashes, IReadOnlyList<string> PartitionHashes, IReadOnlyList<string> Names, IReadOnlyList<string> PreviousNames)
    {
        /// <summary>The partition this window's count is written to (under the current key).</summary>
        public string Partition(SlidingWindow window) => PartitionOf(window.CountExpiry, PartitionHashes[0]);

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
