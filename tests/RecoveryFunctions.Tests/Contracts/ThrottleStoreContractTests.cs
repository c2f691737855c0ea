using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.TestSupport;
using RecoveryFunctions.TestSupport.InMemory;

namespace RecoveryFunctions.Tests.Contracts;

/// <summary>
/// What the limits rely on from <see cref="IThrottleStore"/>: counts exact under parallel hits, refusal at the limit with
/// the retry-after <see cref="SlidingWindow"/> gives, all-or-nothing hits on several counters, checks and refunds, and
/// the sliding window across a boundary. The arithmetic itself is unit-tested on plain values (SlidingWindowTests).
/// </summary>
public abstract class ThrottleStoreContractTests(IServiceGraph graph)
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private IThrottleStore Throttles => graph.Request<IThrottleStore>();

    [Fact]
    public async Task Hit_FiftyInParallel_CountExactAndRefusedPastTheLimit()
    {
        var counter = new ThrottleCounter("c-parallel", Guid.NewGuid().ToString("N"), 20);

        var decisions = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => Throttles.HitAsync([counter], Hour))));

        Assert.Equal(20, decisions.Count(d => d.Allowed));
        Assert.Equal([20], await Throttles.CountAsync([counter], Hour));
        Assert.All(decisions.Where(d => !d.Allowed), d => Assert.Equal(["c-parallel"], d.Refused));
    }

    /// <summary>
    /// Exact: every hit allowed is counted and no refused one is. Under the limit a store may still refuse a hit that kept
    /// losing the race on one key (the Table adapter gives up after 20 lost races: contention on one key is itself abuse).
    /// </summary>
    [Fact]
    public async Task Hit_FiftyInParallelUnderTheLimit_EveryAllowedHitCountedNoOther()
    {
        var counter = new ThrottleCounter("c-count", Guid.NewGuid().ToString("N"), 1000);

        var decisions = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => Throttles.HitAsync([counter], Hour))));

        Assert.Equal([decisions.Count(d => d.Allowed)], await Throttles.CountAsync([counter], Hour));
        Assert.Contains(decisions, d => d.Allowed);
    }

    /// <summary>
    /// A per-client counter (sharded, docs/security/shared-addresses.md) under a 50-way burst from one address: the limit
    /// holds exactly (margin 0: each shard holds at most its share), and under the limit no hit is refused.
    /// </summary>
    [Theory]
    [InlineData(30)]
    [InlineData(7)]
    public async Task Hit_FiftyInParallelOnAClientCounter_ExactlyTheLimitAllowed(int limit)
    {
        var counter = ThrottleCounter.ForClient("c-client-burst", $"203.0.113.{RandomNumberGenerator.GetInt32(1, 255)}:{Guid.NewGuid():N}", limit) with { Sliding = true };

        var decisions = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => Throttles.HitAsync([counter], Hour))));

        Assert.Equal(limit, decisions.Count(d => d.Allowed));
        Assert.Equal([limit], await Throttles.CountAsync([counter], Hour));
    }

    [Fact]
    public async Task Hit_FiftyInParallelOnAClientCounterUnderItsLimit_NoneRefusedAllCounted()
    {
        var counter = ThrottleCounter.ForClient("c-client-room", Guid.NewGuid().ToString("N"), 1000) with { Sliding = true };

        var decisions = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => Throttles.HitAsync([counter], Hour))));

        Assert.All(decisions, d => Assert.True(d.Allowed));
        Assert.Equal([50], await Throttles.CountAsync([counter], Hour));
    }

    [Fact]
    public async Task Refund_ClientCounterSpreadOverShards_TakesBackAcrossThemNeverBelowZero()
    {
        var counter = ThrottleCounter.ForClient("c-client-refund", Guid.NewGuid().ToString("N"), 40);
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Throttles.HitAsync([counter], Hour))));

        await Throttles.RefundAsync([counter], Hour, hits: 15);
        var afterFifteen = await Throttles.CountAsync([counter], Hour);
        await Throttles.RefundAsync([counter], Hour, hits: 10);

        Assert.Equal([5], afterFifteen);
        Assert.Equal([0], await Throttles.CountAsync([counter], Hour));
    }

    [Fact]
    public async Task Hit_AtTheLimit_RefusedUntilTheWindowEnds()
    {
        var counter = new ThrottleCounter("c-limit", Guid.NewGuid().ToString("N"), 3);
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await Throttles.HitAsync([counter], Hour)).Allowed);
        }

        var refused = await Throttles.HitAsync([counter], Hour);
        var check = await Throttles.CheckAsync([counter], Hour);

        var window = SlidingWindow.At(graph.Time.GetUtcNow(), Hour);
        Assert.False(refused.Allowed);
        Assert.Equal(window.End, refused.WindowEnd);
        Assert.Equal(window.End - graph.Time.GetUtcNow(), refused.RetryAfter);
        Assert.Equal((false, refused.RetryAfter), (check.Allowed, check.RetryAfter));
        Assert.Equal([3], await Throttles.CountAsync([counter], Hour));
    }

    [Fact]
    public async Task Hit_TwoCountersOneFull_RefusedNamingItTheOtherStillCounted()
    {
        ThrottleCounter client = new("c-client", Guid.NewGuid().ToString("N"), 10);
        ThrottleCounter account = new("c-account", Guid.NewGuid().ToString("N"), 1);

        var first = await Throttles.HitAsync([client, account], Hour);
        var second = await Throttles.HitAsync([client, account], Hour);

        Assert.True(first.Allowed);
        Assert.Equal(["c-account"], first.Filled);
        Assert.False(second.Allowed);
        Assert.Equal(["c-account"], second.Refused);
        Assert.Equal([2, 1], await Throttles.CountAsync([client, account], Hour));
    }

    [Fact]
    public async Task Refund_TwentyInParallel_BackToZeroNeverBelow()
    {
        var counter = new ThrottleCounter("c-refund", Guid.NewGuid().ToString("N"), 10);
        for (var i = 0; i < 10; i++)
        {
            await Throttles.HitAsync([counter], Hour);
        }

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Throttles.RefundAsync([counter], Hour))));

        Assert.Equal([0], await Throttles.CountAsync([counter], Hour));
        Assert.True((await Throttles.CheckAsync([counter], Hour)).Allowed);
    }

    [Fact]
    public async Task Hit_SlidingAcrossABoundary_PreviousWindowWeighsAndRetryAfterFollowsIt()
    {
        ThrottleCounter counter = new("c-sliding", Guid.NewGuid().ToString("N"), 10) { Sliding = true };
        var now = graph.Time.GetUtcNow();
        var moved = Hour - TimeSpan.FromTicks(now.UtcTicks % Hour.Ticks) - TimeSpan.FromMinutes(1);
        graph.Time.Advance(moved);
        try
        {
            for (var i = 0; i < 10; i++)
            {
                await Throttles.HitAsync([counter], Hour);
            }

            graph.Time.Advance(TimeSpan.FromMinutes(2));
            moved += TimeSpan.FromMinutes(2);
            var count = await Throttles.CountAsync([counter], Hour);
            var fits = await Throttles.HitAsync([counter], Hour);
            var over = await Throttles.HitAsync([counter], Hour);

            // One minute into the next window, 10 × 59/60 of the previous one still counts: 9, so one more fits, then none.
            Assert.Equal([9], count);
            Assert.True(fits.Allowed);
            Assert.False(over.Allowed);
            var full = await Throttles.CheckAsync([counter], Hour);
            Assert.False(full.Allowed);
            Assert.Equal(SlidingWindow.At(graph.Time.GetUtcNow(), Hour).RetryAt(new CounterReading(counter, 1, 10)) - graph.Time.GetUtcNow(), full.RetryAfter);
        }
        finally
        {
            graph.Time.Advance(-moved);
        }
    }
}

/// <summary>The throttle contract on Table Storage (Azurite, the real SDK clients).</summary>
[Collection(TableContractsCollection.Name)]
public sealed class TableThrottleStoreContractTests(ServiceGraphFixture graph) : ThrottleStoreContractTests(graph);

/// <summary>
/// The throttle contract on the cache (Garnet, the local host's own; StackExchange.Redis, one script evaluation per call):
/// the same assertions, the parallel ones included.
/// </summary>
public sealed class RedisThrottleStoreContractTests(CacheServiceGraph graph) : ThrottleStoreContractTests(graph), IClassFixture<CacheServiceGraph>;

/// <summary>The throttle contract on the in-memory adapter.</summary>
public sealed class InMemoryThrottleStoreContractTests(InMemoryServiceGraph graph) : ThrottleStoreContractTests(graph), IClassFixture<InMemoryServiceGraph>;
