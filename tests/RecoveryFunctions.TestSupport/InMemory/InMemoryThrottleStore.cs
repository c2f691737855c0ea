using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.TestSupport.InMemory;

/// <summary>
/// <see cref="IThrottleStore"/> in memory: window counts laid out as the Table adapter lays them (partition = expiry bucket
/// of when the count stops mattering, row = scope, window start and key), read and written in one transaction under the
/// table's lock, so parallel hits are counted exactly; what the counts mean is <see cref="SlidingWindow"/>'s, as there.
/// A sharded counter is spread over its shard rows and a hit picks one under its share, as there.
/// Keys are kept in clear: there is no dump to protect, and key rotation is the Table adapter's own concern.
/// </summary>
public sealed class InMemoryThrottleStore(InMemoryStorage storage, TimeProvider time, RecoveryMetrics? metrics = null) : IThrottleStore
{
    public Task<ThrottleDecision> HitAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan window, CancellationToken cancellationToken = default)
    {
        var at = Prepare(counters, window);
        var hit = storage.Throttles.Transaction(batch =>
        {
            var decided = at.Window.Hit(Readings(batch, at));
            foreach (var counted in decided.Counted)
            {
                var counts = ShardCounts(batch, at.Partition, counted.Counter, at.Window.Start);
                var shard = at.Window.PickShard(counted, counts);
                batch.Put(at.Partition, RowKey(counted.Counter, at.Window.Start, shard), new ThrottleCount(counts[shard] + 1, at.Window.CountExpiry));
            }

            return decided;
        });
        foreach (var refused in hit.RefusedCounters)
        {
            metrics?.ThrottleRefuse(refused.Counter.Scope);
        }

        return Task.FromResult(hit.Decision);
    }

    public Task<ThrottleDecision> CheckAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan window, CancellationToken cancellationToken = default)
    {
        var at = Prepare(counters, window);
        return Task.FromResult(storage.Throttles.Transaction(batch => at.Window.Check(Readings(batch, at))));
    }

    public Task<IReadOnlyList<int>> CountAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan window, CancellationToken cancellationToken = default)
    {
        var at = Prepare(counters, window);
        return Task.FromResult<IReadOnlyList<int>>(storage.Throttles.Transaction(batch => counters.Select(c => at.Window.Estimate(Reading(batch, at, c))).ToList()));
    }

    public Task RefundAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan window, int hits = 1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hits);
        var at = Prepare(counters, window);
        storage.Throttles.Transaction(batch =>
        {
            foreach (var counter in at.Counters)
            {
                var counts = ShardCounts(batch, at.Partition, counter, at.Window.Start);
                var left = hits;
                for (var shard = 0; shard < counts.Count && left > 0; shard++)
                {
                    if (counts[shard] > 0)
                    {
                        var after = SlidingWindow.Refunded(counts[shard], left);
                        left -= counts[shard] - after;
                        batch.Put(at.Partition, RowKey(counter, at.Window.Start, shard), new ThrottleCount(after, at.Window.CountExpiry));
                    }
                }
            }

            return 0;
        });
        return Task.CompletedTask;
    }

    private At Prepare(IReadOnlyList<ThrottleCounter> counters, TimeSpan length)
    {
        ArgumentNullException.ThrowIfNull(counters);
        var window = SlidingWindow.At(time.GetUtcNow(), length);

        // One row per scope and key, as the Table adapter keeps one row per row key.
        var distinct = counters.DistinctBy(c => (c.Scope, c.Key)).ToList();
        return new At(window, ExpiryBucket.Format(ExpiryBucket.Of(window.CountExpiry)), ExpiryBucket.Format(ExpiryBucket.Of(window.End)), distinct);
    }

    private static List<CounterReading> Readings(InMemoryTable<ThrottleCount>.Batch batch, At at) => [.. at.Counters.Select(c => Reading(batch, at, c))];

    private static CounterReading Reading(InMemoryTable<ThrottleCount>.Batch batch, At at, ThrottleCounter counter)
    {
        var current = ShardCounts(batch, at.Partition, counter, at.Window.Start).Sum();
        var previous = counter.Sliding ? ShardCounts(batch, at.PreviousPartition, counter, at.Window.PreviousStart).Sum() : 0;
        return new CounterReading(counter, current, previous);
    }

    private static List<int> ShardCounts(InMemoryTable<ThrottleCount>.Batch batch, string partition, ThrottleCounter counter, DateTimeOffset windowStart)
        => [.. Enumerable.Range(0, counter.Shards).Select(shard => batch.Get(partition, RowKey(counter, windowStart, shard))?.Count ?? 0)];

    private static string RowKey(ThrottleCounter counter, DateTimeOffset windowStart, int shard)
        => counter.Shards == 1 ? $"{counter.Scope}_{windowStart.UtcTicks}_{counter.Key}" : $"{counter.Scope}_{windowStart.UtcTicks}_{counter.Key}_{shard:x2}";

    private sealed record At(SlidingWindow Window, string Partition, string PreviousPartition, IReadOnlyList<ThrottleCounter> Counters);
}
