using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Tests.Support;

namespace RecoveryFunctions.Tests.Throttling;

/// <summary>The shared counters on Azurite: exact under concurrency, two operations per request.</summary>
public sealed class TableThrottleStoreTests(ServiceGraphFixture graph) : IClassFixture<ServiceGraphFixture>
{
    [Fact]
    public async Task Hit_TwentyInParallelWithLimitFive_ExactlyFiveAllowed()
    {
        var throttles = graph.Services.GetRequiredService<IThrottleStore>();
        var key = Guid.NewGuid().ToString("N");

        var decisions = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => throttles.HitAsync("test-parallel", key, 5, TimeSpan.FromHours(1))));

        Assert.Equal(5, decisions.Count(d => d.Allowed));
        Assert.All(decisions.Where(d => !d.Allowed), d => Assert.True(d.RetryAfter > TimeSpan.Zero));
    }

    [Fact]
    public async Task Hit_TwoCountersOneAtLimit_RefusedAndTheOtherStillCounted()
    {
        var throttles = graph.Services.GetRequiredService<IThrottleStore>();
        var (ip, account) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        ThrottleCounter[] counters = [new("test-ip", ip, 10), new("test-account", account, 1)];

        var first = await throttles.HitAsync(counters, TimeSpan.FromHours(1));
        graph.StorageOperations.Clear();
        var second = await throttles.HitAsync(counters, TimeSpan.FromHours(1));
        var operations = graph.StorageOperations.Requests.Count;
        // Counted twice (the refused request included): a limit of 2 is now reached.
        var ipAlone = await throttles.HitAsync("test-ip", ip, 2, TimeSpan.FromHours(1));

        Assert.True(first.Allowed);
        Assert.False(second.Allowed);
        Assert.Equal(2, operations);
        Assert.False(ipAlone.Allowed);
    }
}
