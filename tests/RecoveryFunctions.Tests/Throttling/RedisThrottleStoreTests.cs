using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;
using RecoveryFunctions.Infrastructure.Cache;
using RecoveryFunctions.TestSupport;
using StackExchange.Redis;

namespace RecoveryFunctions.Tests.Throttling;

/// <summary>
/// What the cache adapter adds to the throttle contract (ThrottleStoreContractTests runs that on Garnet): a key rotation
/// never opens a fresh window, the keys hold no address in clear and expire by themselves, and no storage is touched.
/// </summary>
public sealed class RedisThrottleStoreTests(CacheServiceGraph graph) : IClassFixture<CacheServiceGraph>
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public Task Hit_AfterKeyRotation_WindowCarriedOverNotReset() => KeyRotationCheck.AssertWindowCarriedOverAsync(Store);

    [Fact]
    public async Task Hit_ClientCounter_KeysHoldNoAddressExpireAndTouchNoStorage()
    {
        var address = $"203.0.113.{RandomNumberGenerator.GetInt32(1, 255)}";
        var counter = ThrottleCounter.ForClient("test-keys-" + Guid.NewGuid().ToString("N")[..8], address, 5) with { Sliding = true };
        graph.StorageOperations.Clear();

        await graph.Request<IThrottleStore>().HitAsync([counter], Hour);

        var database = await graph.Services.GetRequiredService<ThrottleCache>().DatabaseAsync(CancellationToken.None);
        var server = database.Multiplexer.GetServers().Single();
        var keys = server.Keys(pattern: "*" + counter.Scope + "*").ToList();
        var key = Assert.Single(keys);
        var ttl = await database.KeyTimeToLiveAsync(key);
        Assert.DoesNotContain(address, key.ToString(), StringComparison.Ordinal);
        Assert.StartsWith($"{{rt:{RedisThrottleStore.SlotTag(counter.Key)}}}:", key.ToString(), StringComparison.Ordinal);
        // A sliding hour's count is read until the next window ends: at most two hours from now, never without an expiry.
        Assert.InRange(ttl!.Value, Hour - TimeSpan.FromSeconds(1), 2 * Hour);
        Assert.Empty(graph.StorageOperations.Requests);
    }

    private RedisThrottleStore Store(TokenKeyRing ring)
        => new(graph.Services.GetRequiredService<ThrottleCache>(), new FixedTokenKeys(ring), graph.Time, graph.Services.GetRequiredService<RecoveryMetrics>());
}
