using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;
using RecoveryFunctions.Infrastructure.Storage;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Throttling;

/// <summary>The shared counters on Azurite: exact under concurrency, two operations per request.</summary>
public sealed class TableThrottleStoreTests(ServiceGraphFixture graph) : IClassFixture<ServiceGraphFixture>
{
    [Fact]
    public async Task Hit_TwentyInParallelWithLimitFive_ExactlyFiveAllowed()
    {
        var throttles = graph.Request<IThrottleStore>();
        var key = Guid.NewGuid().ToString("N");

        var decisions = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => throttles.HitAsync("test-parallel", key, 5, TimeSpan.FromHours(1))));

        Assert.Equal(5, decisions.Count(d => d.Allowed));
        Assert.All(decisions.Where(d => !d.Allowed), d => Assert.True(d.RetryAfter > TimeSpan.Zero));
    }

    [Fact]
    public async Task Hit_ClientAddress_RowKeyIsTheKeyedHashNeverThePlainDigest()
    {
        var ring = new TokenKeyRing(RandomNumberGenerator.GetBytes(32), null);
        var throttles = Store(ring);
        var address = $"203.0.113.{RandomNumberGenerator.GetInt32(1, 255)}:{Guid.NewGuid():N}";

        await throttles.HitAsync("test-keyed", address, 5, TimeSpan.FromHours(1));

        var rows = await RowKeysAsync("test-keyed_");
        var plainDigest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(address)));
        Assert.Contains(rows, r => r.EndsWith("_" + ring.ThrottleKeyHashes("test-keyed", address)[0], StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.Contains(plainDigest, StringComparison.OrdinalIgnoreCase) || r.Contains(address, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Hit_AfterKeyRotation_WindowCarriedOverNotReset()
    {
        var operations = 0;
        await KeyRotationCheck.AssertWindowCarriedOverAsync(Store, async fourth =>
        {
            graph.StorageOperations.Clear();
            var decision = await fourth();
            operations = graph.StorageOperations.Requests.Count;
            return decision;
        });

        Assert.Equal(2, operations);
    }

    [Fact]
    public async Task Hit_TwoCountersOneAtLimit_RefusedAndTheOtherStillCounted()
    {
        var throttles = graph.Request<IThrottleStore>();
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
        Assert.Equal(3, operations); // one query, one batch per counter (the full one's count rewritten as it is)
        Assert.False(ipAlone.Allowed);
    }

    [Fact]
    public async Task Hit_SlidingBurstAcrossAWindowBoundary_LimitNotDoubled()
    {
        var throttles = graph.Request<IThrottleStore>();
        ThrottleCounter[] counter = [new("test-sliding", Guid.NewGuid().ToString("N"), 10) { Sliding = true }];
        var moved = ToMinuteBeforeTheHour();
        try
        {
            var beforeBoundary = await HitManyAsync(throttles, counter, 15);
            graph.Time.Advance(TimeSpan.FromMinutes(2)); // one minute into the next window
            moved += TimeSpan.FromMinutes(2);
            graph.StorageOperations.Clear();
            var first = await throttles.HitAsync(counter, TimeSpan.FromHours(1));
            var operations = graph.StorageOperations.Requests.Count;
            var afterBoundary = (first.Allowed ? 1 : 0) + await HitManyAsync(throttles, counter, 14);

            Assert.Equal(10, beforeBoundary);
            // 10 × 59/60 of the previous window still counts: at most one more fits, where a fixed window allowed 10.
            Assert.InRange(afterBoundary, 0, 1);
            Assert.Equal(2, operations);
        }
        finally
        {
            graph.Time.Advance(-moved);
        }
    }

    [Fact]
    public async Task Hit_SlidingRefused_RetryAfterWhenThePreviousWindowHasFadedEnough()
    {
        var throttles = graph.Request<IThrottleStore>();
        ThrottleCounter[] counter = [new("test-sliding-retry", Guid.NewGuid().ToString("N"), 10) { Sliding = true }];
        var moved = ToMinuteBeforeTheHour();
        try
        {
            await HitManyAsync(throttles, counter, 10);
            graph.Time.Advance(TimeSpan.FromMinutes(2));
            moved += TimeSpan.FromMinutes(2);
            await HitManyAsync(throttles, counter, 1);

            var refused = await throttles.HitAsync(counter, TimeSpan.FromHours(1));

            // 10 × (1 − t/60) + 1 < 10 once t > 6 min into the window: about 5 minutes from now, not the hour's end.
            Assert.False(refused.Allowed);
            Assert.InRange(refused.RetryAfter, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(6));
        }
        finally
        {
            graph.Time.Advance(-moved);
        }
    }

    [Fact]
    public async Task Hit_FixedCounterAcrossAWindowBoundary_StartsAfresh()
    {
        var throttles = graph.Request<IThrottleStore>();
        ThrottleCounter[] counter = [new("test-fixed", Guid.NewGuid().ToString("N"), 3)];
        var moved = ToMinuteBeforeTheHour();
        try
        {
            var before = await HitManyAsync(throttles, counter, 5);
            graph.Time.Advance(TimeSpan.FromMinutes(2));
            moved += TimeSpan.FromMinutes(2);
            var after = await HitManyAsync(throttles, counter, 5);

            // Sign-in locks announce their end as the window's end, so their counters keep fixed windows.
            Assert.Equal(3, before);
            Assert.Equal(3, after);
        }
        finally
        {
            graph.Time.Advance(-moved);
        }
    }

    private TimeSpan ToMinuteBeforeTheHour()
    {
        var now = graph.Time.GetUtcNow();
        var delta = TimeSpan.FromHours(1) - TimeSpan.FromTicks(now.UtcTicks % TimeSpan.TicksPerHour) - TimeSpan.FromMinutes(1);
        graph.Time.Advance(delta);
        return delta;
    }

    private static async Task<int> HitManyAsync(IThrottleStore throttles, ThrottleCounter[] counter, int hits)
    {
        var allowed = 0;
        for (var i = 0; i < hits; i++)
        {
            allowed += (await throttles.HitAsync(counter, TimeSpan.FromHours(1))).Allowed ? 1 : 0;
        }

        return allowed;
    }

    /// <summary>
    /// Issue 23: a window's counters spread over partitions named by the window's bucket and the first two characters of
    /// each counter key's keyed hash, instead of all meeting in the window's one partition.
    /// </summary>
    [Fact]
    public async Task Hit_ManyClientsInOneWindow_SpreadOverPartitionsOfTheirKeyedHash()
    {
        var ring = new TokenKeyRing(RandomNumberGenerator.GetBytes(32), null);
        var throttles = Store(ring);
        var scope = "test-spread-" + Guid.NewGuid().ToString("N")[..8];
        var clients = Enumerable.Range(0, 100).Select(i => $"198.18.7.{i}").ToList();

        foreach (var client in clients)
        {
            await throttles.HitAsync(scope, client, 5, TimeSpan.FromHours(1));
        }

        var rows = await RowsAsync(scope + "_");
        var bucket = ExpiryBucket.Format(ExpiryBucket.Of(SlidingWindow.At(graph.Time.GetUtcNow(), TimeSpan.FromHours(1)).CountExpiry));
        Assert.Equal(clients.Count, rows.Count);
        Assert.All(clients, client => Assert.Contains(rows, r => r.Partition == bucket + "_" + ring.ThrottleKeyHashes(TableThrottleStore.PartitionScope, client)[0][..2]));
        Assert.InRange(rows.Select(r => r.Partition).Distinct(StringComparer.Ordinal).Count(), 90, 100); // 4,096 partitions: a few meet by chance
    }

    /// <summary>
    /// One request's two counters are written in two batches (their own partitions), re-read apart after a lost race: a
    /// burst still counts neither past its limit, and no request is let through past the smaller one.
    /// </summary>
    [Fact]
    public async Task Hit_BurstOnTwoCountersInTwoPartitions_NeitherPastItsLimit()
    {
        var throttles = graph.Request<IThrottleStore>();
        ThrottleCounter[] counters = [new("test-pair-a", Guid.NewGuid().ToString("N"), 5), new("test-pair-b", Guid.NewGuid().ToString("N"), 8)];
        graph.StorageOperations.Clear();
        await throttles.HitAsync(counters, TimeSpan.FromHours(1));
        var operations = graph.Describe();

        var decisions = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => Task.Run(() => throttles.HitAsync(counters, TimeSpan.FromHours(1)))));

        Assert.Equal(["GET throttles", "POST $batch", "POST $batch"], operations);
        Assert.InRange(decisions.Count(d => d.Allowed), 0, 4);
        Assert.Equal([5, 8], await throttles.CountAsync(counters, TimeSpan.FromHours(1)));
    }

    /// <summary>
    /// Issue 23 item 3: a client's solved captcha given back and its request counted are one query and one batch (one
    /// key's counters share a partition), and the batch still counts exactly under a burst: 30 at once on a limit of 5
    /// let 5 through and give back every one of the 30 captchas.
    /// </summary>
    [Fact]
    public async Task GiveBackAndHit_OneClientsTwoCounters_OneQueryOneBatchExactUnderABurst()
    {
        var throttles = graph.Request<IThrottleStore>();
        var client = $"198.18.9.{RandomNumberGenerator.GetInt32(1, 255)}-{Guid.NewGuid():N}";
        var captcha = ThrottleCounter.ForClient("test-given-back", client, 100);
        var request = ThrottleCounter.ForClient("test-counted", client, 5);
        for (var i = 0; i < 31; i++)
        {
            await throttles.HitAsync([captcha], TimeSpan.FromHours(1));
        }

        graph.StorageOperations.Clear();
        Assert.True((await throttles.GiveBackAndHitAsync([captcha], [request], TimeSpan.FromHours(1))).Allowed);
        var operations = graph.Describe();
        var decisions = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => Task.Run(() => throttles.GiveBackAndHitAsync([captcha], [request], TimeSpan.FromHours(1)))));

        Assert.Equal(["GET throttles", "POST $batch"], operations);
        Assert.Equal(4, decisions.Count(d => d.Allowed));
        Assert.Equal([0, 5], await throttles.CountAsync([captcha, request], TimeSpan.FromHours(1)));
    }

    private TableThrottleStore Store(TokenKeyRing ring)
        => new(graph.Services.GetRequiredService<StorageClients>(), graph.Services.GetRequiredService<TableNames>(), new FixedTokenKeys(ring), graph.Time, graph.Services.GetRequiredService<RecoveryMetrics>());

    private async Task<List<string>> RowKeysAsync(string prefix) => [.. (await RowsAsync(prefix)).Select(r => r.Row)];

    private async Task<List<(string Partition, string Row)>> RowsAsync(string prefix)
    {
        var table = new TableClient(graph.ConnectionString, graph.Services.GetRequiredService<TableNames>().Throttles);
        var rows = new List<(string Partition, string Row)>();
        await foreach (var entity in table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
        {
            if (entity.RowKey.StartsWith(prefix, StringComparison.Ordinal))
            {
                rows.Add((entity.PartitionKey, entity.RowKey));
            }
        }

        return rows;
    }
}
