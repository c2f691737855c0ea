using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Throttling;

/// <summary>What the sign-in lockout needs from the counters: which scope refused, which hit filled one, checks and refunds.</summary>
public sealed class ThrottleRefundTests(ServiceGraphFixture graph) : IClassFixture<ServiceGraphFixture>
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private IThrottleStore Throttles => graph.Request<IThrottleStore>();

    [Fact]
    public async Task Hit_ReachingTheLimit_ReportsFilledThenRefusedScope()
    {
        ThrottleCounter[] counters = [new("t-client", Guid.NewGuid().ToString("N"), 10), new("t-account", Guid.NewGuid().ToString("N"), 2)];

        var first = await Throttles.HitAsync(counters, Hour);
        var second = await Throttles.HitAsync(counters, Hour);
        var third = await Throttles.HitAsync(counters, Hour);

        Assert.Empty(first.Filled);
        Assert.Equal(["t-account"], second.Filled);
        Assert.True(second.Allowed);
        Assert.Equal(["t-account"], third.Refused);
        Assert.Equal(third.WindowEnd - graph.Time.GetUtcNow(), third.RetryAfter);
    }

    [Fact]
    public async Task Check_AtLimit_RefusedWithoutCounting()
    {
        var counter = new ThrottleCounter("t-check", Guid.NewGuid().ToString("N"), 1);
        var before = await Throttles.CheckAsync([counter], Hour);
        await Throttles.HitAsync([counter], Hour);
        graph.StorageOperations.Clear();

        var after = await Throttles.CheckAsync([counter], Hour);

        Assert.True(before.Allowed);
        Assert.False(after.Allowed);
        Assert.Equal(["GET"], graph.StorageOperations.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task Refund_AfterTwoHits_OneHitFreedAndNeverBelowZero()
    {
        var counter = new ThrottleCounter("t-refund", Guid.NewGuid().ToString("N"), 2);
        await Throttles.HitAsync([counter], Hour);
        await Throttles.HitAsync([counter], Hour);

        await Throttles.RefundAsync([counter], Hour);
        var freed = await Throttles.HitAsync([counter], Hour);
        await Throttles.RefundAsync([counter], Hour, int.MaxValue);
        var emptied = await Throttles.CheckAsync([counter], Hour);
        var twice = new[] { await Throttles.HitAsync([counter], Hour), await Throttles.HitAsync([counter], Hour), await Throttles.HitAsync([counter], Hour) };

        Assert.True(freed.Allowed);
        Assert.True(emptied.Allowed);
        Assert.Equal([true, true, false], twice.Select(d => d.Allowed));
    }

    [Fact]
    public async Task Refund_TwentyInParallelAfterTwentyHits_CounterBackToZero()
    {
        var counter = new ThrottleCounter("t-refund-race", Guid.NewGuid().ToString("N"), 20);
        for (var i = 0; i < 20; i++)
        {
            await Throttles.HitAsync([counter], Hour);
        }

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Throttles.RefundAsync([counter], Hour)));
        var again = await Task.WhenAll(Enumerable.Range(0, 21).Select(_ => Throttles.HitAsync([counter], Hour)));

        Assert.Equal(20, again.Count(d => d.Allowed));
    }
}
