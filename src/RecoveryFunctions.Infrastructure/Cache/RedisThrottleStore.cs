using System.Globalization;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;
using StackExchange.Redis;

namespace RecoveryFunctions.Infrastructure.Cache;

/// <summary>
/// Window counters in a Redis-protocol cache (docs/decisions/0008-throttles-in-a-cache.md): every call is one script
/// evaluation per cluster slot it touches (one for every call of a recovery), atomic on the server, so parallel hits are
/// counted exactly with no ETag, no retry and no shard (<see cref="ThrottleCounter.Shards"/> is a Table concern: one key
/// per counter per window here). Keys are <c>{rt:tag}:scope:window length:window start:HMAC of the key</c> (the same keyed
/// hash the Table adapter's rows carry; nothing in clear); the hash tag (<see cref="SlotTag"/>) puts every counter of one
/// key in one slot and spreads the keys over the cache's shards. Each
/// write sets the key to expire when its count stops mattering (<see cref="SlidingWindow.CountExpiry"/> for a sliding
/// counter, the window's end otherwise): nothing to clean up. The time is the app's (<see cref="TimeProvider"/>): the
/// window, the previous window's weight and the time to live are computed here and passed in, never the server's clock.
/// The script applies exactly <see cref="SlidingWindow.Hit"/>'s rule (a counter is counted when its estimate is under
/// its limit, whatever the others) and returns the readings it decided on, from which <see cref="SlidingWindow"/> gives
/// the same decision the other stores give. After a key rotation a count under the previous key is carried over, as there.
/// </summary>
public sealed class RedisThrottleStore(ThrottleCache cache, ITokenKeyProvider keys, TimeProvider time, RecoveryMetrics metrics) : IThrottleStore
{
    /// <summary>
    /// KEYS: per counter, its names in this window under each ring key (current first), then, when sliding, in the previous
    /// window. ARGV: operation, previous window's weight, hits to take back, ring keys per name, then per counter its limit,
    /// whether it slides, its role (h: read or hit, g: given back one) and its time to live in ms.
    /// Returns, per counter of role h, this window's count and the previous window's as read before the hit.
    /// </summary>
    private const string Script = """
        local op, weight, hits, r = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
        local function first(k)
          for i = k, k + r - 1 do
            local v = redis.call('GET', KEYS[i])
            if v then return tonumber(v) end
          end
          return 0
        end
        local counters, k = {}, 1
        for a = 5, #ARGV, 4 do
          local c = { limit = tonumber(ARGV[a]), sliding = ARGV[a + 1] == '1', role = ARGV[a + 2], ttl = ARGV[a + 3], key = k }
          k = k + r
          if c.sliding then c.prev = k; k = k + r end
          counters[#counters + 1] = c
        end
        for _, c in ipairs(counters) do
          if op == 'refund' or c.role == 'g' then
            local cur = first(c.key)
            if cur > 0 then
              redis.call('SET', KEYS[c.key], cur - math.min(hits, cur), 'PX', c.ttl)
            end
          end
        end
        local out = {}
        for _, c in ipairs(counters) do
          if op ~= 'refund' and c.role == 'h' then
            local cur = first(c.key)
            local prev = 0
            if c.sliding then prev = first(c.prev) end
            if op == 'hit' and cur + math.floor(prev * weight) < c.limit then
              redis.call('SET', KEYS[c.key], cur + 1, 'PX', c.ttl)
            end
            out[#out + 1] = cur
            out[#out + 1] = prev
          end
        end
        return out
        """;

    public Task<ThrottleDecision> HitAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan window, CancellationToken cancellationToken = default)
        => GiveBackAndHitAsync([], counters, window, cancellationToken);

    public async Task<ThrottleDecision> GiveBackAndHitAsync(IReadOnlyList<ThrottleCounter> givenBack, IReadOnlyList<ThrottleCounter> counters, TimeSpan window, CancellationToken cancellationToken = default)
    {
        var (at, readings) = await EvaluateAsync("hit", givenBack, counters, window, 1, cancellationToken);
        return Decide(at, readings);
    }

    public async Task<ThrottleDecision> CheckAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan window, CancellationToken cancellationToken = default)
    {
        var (at, readings) = await EvaluateAsync("read", [], counters, window, 1, cancellationToken);
        return at.Check(readings);
    }

    public async Task<IReadOnlyList<int>> CountAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(counters);
        var (at, readings) = await EvaluateAsync("read", [], counters, window, 1, cancellationToken);
        return [.. counters.Select(c => at.Estimate(readings.First(r => r.Counter.Scope == c.Scope && r.Counter.Key == c.Key)))];
    }

    public async Task RefundAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan window, int hits = 1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hits);
        _ = await EvaluateAsync("refund", counters, [], window, hits, cancellationToken);
    }

    private ThrottleDecision Decide(SlidingWindow at, List<CounterReading> readings)
    {
        var hit = at.Hit(readings);
        foreach (var refused in hit.RefusedCounters)
        {
            metrics.ThrottleRefuse(refused.Counter.Scope);
        }

        return hit.Decision;
    }

    /// <summary>
    /// The given-back counters take back <paramref name="hits"/>, then the others are read (and hit): one script evaluation
    /// per cluster slot the counters lie in, in parallel (one, unless a call mixes keys: a sign-in's client and address).
    /// Each counter is decided on its own reading alone (<see cref="SlidingWindow.Hit"/>), so evaluating slot by slot gives
    /// every counter the decision one evaluation would have given it.
    /// </summary>
    private async Task<(SlidingWindow Window, List<CounterReading> Readings)> EvaluateAsync(
        string operation, IReadOnlyList<ThrottleCounter> givenBack, IReadOnlyList<ThrottleCounter> counters, TimeSpan length, int hits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(givenBack);
        ArgumentNullException.ThrowIfNull(counters);
        var window = SlidingWindow.At(time.GetUtcNow(), length);
        var ring = await keys.GetKeyRingAsync(cancellationToken);

        // One key per scope and key, as the other stores keep one count per row key.
        var read = counters.DistinctBy(c => (c.Scope, c.Key)).ToList();
        var all = givenBack.DistinctBy(c => (c.Scope, c.Key)).Select(c => (Counter: c, Role: "g")).Concat(read.Select(c => (Counter: c, Role: "h"))).ToList();
        IDatabase database;
        try
        {
            database = await cache.DatabaseAsync(cancellationToken);
        }
        catch (Exception e) when (ThrottleCache.IsOutage(e))
        {
            throw new ThrottleCacheUnavailableException(e);
        }

        var bySlot = await Task.WhenAll(all.GroupBy(c => SlotTag(c.Counter.Key), StringComparer.Ordinal).Select(async slot =>
        {
            var group = slot.ToList();
            var values = await EvaluateSlotAsync(database, ring, operation, window, length, hits, slot.Key, group, cancellationToken);
            return group.Where(c => c.Role == "h").Select((c, i) => new CounterReading(c.Counter, (int)values[2 * i], (int)values[(2 * i) + 1]));
        }));
        var readings = bySlot.SelectMany(r => r).ToList();
        return (window, [.. read.Select(c => readings.First(r => ReferenceEquals(r.Counter, c)))]);
    }

    private static async Task<long[]> EvaluateSlotAsync(
        IDatabase database, TokenKeyRing ring, string operation, SlidingWindow window, TimeSpan length, int hits, string tag, List<(ThrottleCounter Counter, string Role)> counters, CancellationToken cancellationToken)
    {
        var redisKeys = new List<RedisKey>();
        var arguments = new List<RedisValue> { operation, window.PreviousWeight.ToString("R", CultureInfo.InvariantCulture), hits, 0 };
        foreach (var (counter, role) in counters)
        {
            var hashes = ring.ThrottleKeyHashes(counter.Scope, counter.Key);
            arguments[3] = hashes.Count;
            redisKeys.AddRange(hashes.Select(h => Key(tag, counter, length, window.Start, h)));
            if (counter.Sliding)
            {
                redisKeys.AddRange(hashes.Select(h => Key(tag, counter, length, window.PreviousStart, h)));
            }

            var expiry = (counter.Sliding ? window.CountExpiry : window.End) - window.Now;
            arguments.AddRange([counter.Limit, counter.Sliding ? 1 : 0, role, (long)Math.Ceiling(expiry.TotalMilliseconds)]);
        }

        try
        {
            return (long[])(await database.ScriptEvaluateAsync(Script, [.. redisKeys], [.. arguments]).WaitAsync(cancellationToken))!;
        }
        catch (Exception e) when (ThrottleCache.IsOutage(e))
        {
            throw new ThrottleCacheUnavailableException(e);
        }
    }

    /// <summary>
    /// The cluster hash tag of a counter key: three hex characters of an unkeyed SHA-256 of the key (4,096 tags, spread over
    /// the cache's shards as the Table adapter's 4,096 partitions are). Unkeyed so that it survives a key rotation (a count
    /// under the previous key lies in the same slot and is carried over); twelve bits of an address say nothing of it.
    /// Every counter of one key (a client's captcha, recovery and sign-in counts) shares it, so a give-back and a hit are one script.
    /// </summary>
    internal static string SlotTag(string key)
        => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("throttle-slot:" + key)))[..3];

    private static RedisKey Key(string tag, ThrottleCounter counter, TimeSpan length, DateTimeOffset start, string hash)
        => string.Create(CultureInfo.InvariantCulture, $"{{rt:{tag}}}:{counter.Scope}:{length.Ticks}:{start.UtcTicks}:{hash}");
}
