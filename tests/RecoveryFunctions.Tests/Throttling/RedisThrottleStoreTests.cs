using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;
using RecoveryFunctions.DevServices.Cache;
using RecoveryFunctions.Infrastructure.Cache;
using RecoveryFunctions.TestSupport;
using StackExchange.Redis;

namespace RecoveryFunctions.Tests.Throttling;

/// <summary>
/// What the cache adapter adds to the throttle contract (ThrottleStoreContractTests runs that on Garnet): a key rotation
/// never opens a fresh window, the keys hold no address in clear and expire by themselves, and no storage is touched.
/// Garnet runs as a one-node cluster, as the deployed cache (OSS cluster policy): every script any test sends is held to
/// one slot, so a script mixing slots fails the test that sends it.
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

    [Fact]
    public async Task LocalCache_ScriptAcrossTwoSlots_RefusedAsByTheDeployedCluster()
    {
        var database = await graph.Services.GetRequiredService<ThrottleCache>().DatabaseAsync(CancellationToken.None);
        RedisKey[] sameSlot = ["{rt:abc}:one", "{rt:abc}:two"];
        RedisKey[] twoSlots = ["{rt:abc}:one", "{rt:abd}:two"];
        const string Script = "return redis.call('INCR', KEYS[1]) + redis.call('INCR', KEYS[2])";

        Assert.Equal(ServerType.Cluster, database.Multiplexer.GetServers().Single().ServerType);
        Assert.True((long)(await database.ScriptEvaluateAsync(Script, sameSlot)) >= 2);
        await Assert.ThrowsAsync<RedisCommandException>(() => database.ScriptEvaluateAsync(Script, twoSlots));
        // Sent as plain arguments, the keys get past the client's own check to the server's.
        var server = await Assert.ThrowsAsync<RedisServerException>(() => database.ExecuteAsync("EVAL", Script, 2, twoSlots[0].ToString(), twoSlots[1].ToString()));
        Assert.StartsWith("CROSSSLOT", server.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalCache_FolderOfAKilledRun_DeletedAtTheNextStart_FoldersInUseKept()
    {
        // Killed: its owner file is there and nobody holds it.
        var abandoned = Directory.CreateTempSubdirectory(LocalCache.FolderPrefix);
        await File.WriteAllBytesAsync(Path.Combine(abandoned.FullName, LocalCache.OwnerFile), []);
        // Running: its process holds the owner file.
        var running = Directory.CreateTempSubdirectory(LocalCache.FolderPrefix);
        using var holder = new FileStream(Path.Combine(running.FullName, LocalCache.OwnerFile), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        // Starting: made a moment ago, its owner file not yet; and one a day old that never got one.
        var starting = Directory.CreateTempSubdirectory(LocalCache.FolderPrefix);
        var unownedForDays = Directory.CreateTempSubdirectory(LocalCache.FolderPrefix);
        unownedForDays.LastWriteTimeUtc = TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(-2);
        try
        {
            using (await LocalCache.StartAsync())
            {
                Assert.False(Directory.Exists(abandoned.FullName));
                Assert.False(Directory.Exists(unownedForDays.FullName));
                Assert.True(Directory.Exists(running.FullName));
                Assert.True(Directory.Exists(starting.FullName));
            }

            // The fixture's own cache, whose folder the start swept past, still serves.
            var database = await graph.Services.GetRequiredService<ThrottleCache>().DatabaseAsync(CancellationToken.None);
            Assert.Equal(1, (long)await database.ScriptEvaluateAsync("return redis.call('INCR', KEYS[1])", ["{rt:fed}:" + Guid.NewGuid().ToString("N")]));
        }
        finally
        {
            holder.Dispose();
            running.Delete(recursive: true);
            starting.Delete(recursive: true);
        }
    }

    private RedisThrottleStore Store(TokenKeyRing ring)
        => new(graph.Services.GetRequiredService<ThrottleCache>(), new FixedTokenKeys(ring), graph.Time, graph.Services.GetRequiredService<RecoveryMetrics>());
}
