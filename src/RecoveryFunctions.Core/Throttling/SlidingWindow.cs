namespace RecoveryFunctions.Core.Throttling;

/// <summary>What one counter holds when a hit or a check reads it: its count in this window and in the one before.</summary>
/// <param name="Previous">The previous window's count; always 0 for a counter that is not <see cref="ThrottleCounter.Sliding"/>.</param>
public readonly record struct CounterReading(ThrottleCounter Counter, int Current, int Previous);

/// <summary>What a hit decides: the decision, and the counters to write back with one more hit (every one not refused).</summary>
public sealed record ThrottleHit(ThrottleDecision Decision, IReadOnlyList<CounterReading> Counted, IReadOnlyList<CounterReading> RefusedCounters);

/// <summary>
/// The window arithmetic every throttle store shares, on plain values: the fixed window that holds <see cref="Now"/>, the
/// share of the previous window still inside the sliding window that ends now, the estimate a limit is checked against,
/// and when a refused counter next has room. Stores only read and write counts; what a count means is decided here.
/// </summary>
public sealed record SlidingWindow(DateTimeOffset Now, DateTimeOffset Start, TimeSpan Length)
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(1);

    public DateTimeOffset End => Start + Length;

    /// <summary>The previous window's start: a sliding counter reads its count there too.</summary>
    public DateTimeOffset PreviousStart => Start - Length;

    /// <summary>A window's count is read until the next window ends (as that window's previous one): when it may be dropped.</summary>
    public DateTimeOffset CountExpiry => End + Length;

    /// <summary>The share of the previous window inside the sliding window that ends now: 1 at the window's start, near 0 at its end.</summary>
    public double PreviousWeight => 1 - ((Now - Start) / Length);

    /// <summary>The window of <paramref name="length"/> that holds <paramref name="now"/>, windows aligned on whole multiples of the length since 0001-01-01 UTC.</summary>
    public static SlidingWindow At(DateTimeOffset now, TimeSpan length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(length, TimeSpan.Zero);
        return new(now, new DateTimeOffset(now.UtcTicks - (now.UtcTicks % length.Ticks), TimeSpan.Zero), length);
    }

    /// <summary>This window's count plus the previous window's, weighted by its share of the sliding window (rounded down).</summary>
    public int Estimate(CounterReading reading) => reading.Current + (int)Math.Floor(reading.Previous * PreviousWeight);

    /// <summary>What this window may still hold: the limit less the previous window's weighted share.</summary>
    public int Room(CounterReading reading) => reading.Counter.Limit - (int)Math.Floor(reading.Previous * PreviousWeight);

    /// <summary>
    /// The share of <paramref name="room"/> shard <paramref name="shard"/> of <paramref name="shards"/> may hold: the room
    /// dealt out one by one, so the shares sum to the room exactly and each grows with it. A shard is written only under
    /// its share (and its ETag), so the shards' sum never passes the room, whatever the concurrency; and while the sum is
    /// under the room some shard is under its share, so a hit the limit allows always finds a row.
    /// </summary>
    public static int Quota(int room, int shards, int shard)
        => room <= 0 ? 0 : (room / shards) + (shard < room % shards ? 1 : 0);

    /// <summary>
    /// A shard with room for one more hit, drawn at random among those under their share (so parallel hits spread), or
    /// -1 when none is (the counter is full).
    /// </summary>
    public int PickShard(CounterReading reading, IReadOnlyList<int> shardCounts)
    {
        ArgumentNullException.ThrowIfNull(shardCounts);
        var room = Room(reading);
        var open = Enumerable.Range(0, shardCounts.Count).Where(i => shardCounts[i] < Quota(room, shardCounts.Count, i)).ToList();
        return open.Count == 0 ? -1 : open[System.Security.Cryptography.RandomNumberGenerator.GetInt32(open.Count)];
    }

    /// <summary>Whether the counter is at its limit: the next hit would be refused.</summary>
    public bool IsFull(CounterReading reading) => Estimate(reading) >= reading.Counter.Limit;

    /// <summary>
    /// When a refused counter next has room: the window's end if this window alone is full (or nothing of the previous one
    /// counts), else a second after the previous window's weight has fallen enough, and never before a second from now.
    /// </summary>
    public DateTimeOffset RetryAt(CounterReading reading)
    {
        var (current, previous, limit) = (reading.Current, reading.Previous, reading.Counter.Limit);
        if (current >= limit || previous == 0)
        {
            return End;
        }

        // previous × (1 − elapsed/length) + current < limit once elapsed > length × (1 − (limit − current)/previous).
        var elapsed = Length * (1 - ((limit - current) / (double)previous));
        return Max(Start + elapsed + Margin, Now + Margin);
    }

    /// <summary>
    /// One hit on every counter, all or nothing: refused when any counter is full (the others are still counted, so probing
    /// one key cannot dodge the other's count); <see cref="ThrottleDecision.Filled"/> names the counters this hit fills.
    /// </summary>
    public ThrottleHit Hit(IReadOnlyList<CounterReading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var refused = new HashSet<string>(StringComparer.Ordinal);
        var filled = new HashSet<string>(StringComparer.Ordinal);
        var counted = new List<CounterReading>(readings.Count);
        var refusedCounters = new List<CounterReading>();
        var retryAt = End;
        foreach (var reading in readings)
        {
            var estimate = Estimate(reading);
            if (estimate >= reading.Counter.Limit)
            {
                refused.Add(reading.Counter.Scope);
                refusedCounters.Add(reading);
                retryAt = refusedCounters.Count == 1 ? RetryAt(reading) : Max(retryAt, RetryAt(reading));
                continue;
            }

            if (estimate + 1 >= reading.Counter.Limit)
            {
                filled.Add(reading.Counter.Scope);
            }

            counted.Add(reading);
        }

        var allowed = refused.Count == 0;
        return new ThrottleHit(new ThrottleDecision(allowed, allowed ? TimeSpan.Zero : retryAt - Now) { Refused = refused, Filled = filled, WindowEnd = End }, counted, refusedCounters);
    }

    /// <summary>The decision a hit would get, counting nothing: which counters are full, and when the last of them has room.</summary>
    public ThrottleDecision Check(IReadOnlyList<CounterReading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var full = readings.Where(IsFull).ToList();
        var refused = full.Select(r => r.Counter.Scope).ToHashSet(StringComparer.Ordinal);
        var retryAt = full.Select(RetryAt).DefaultIfEmpty(Now).Max();
        return new ThrottleDecision(refused.Count == 0, retryAt - Now) { Refused = refused, WindowEnd = End };
    }

    /// <summary>What a store does when contention on one key outlasts its retries: refuse every counter until the window ends.</summary>
    public ThrottleDecision Contended(IEnumerable<ThrottleCounter> counters)
        => new(false, End - Now) { Refused = counters.Select(c => c.Scope).ToHashSet(StringComparer.Ordinal), WindowEnd = End };

    /// <summary>The count after taking back up to <paramref name="hits"/> hits (never below zero).</summary>
    public static int Refunded(int current, int hits)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hits);
        return current - Math.Min(hits, current);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
