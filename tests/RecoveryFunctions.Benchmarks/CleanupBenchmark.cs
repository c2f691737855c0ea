using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Cleanup;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Tokens;
using RecoveryFunctions.Infrastructure.Storage;

namespace RecoveryFunctions.Benchmarks;

/// <summary>
/// Figure 1: the sweeper on N expired token rows among N live ones, shaped like real tokens (one
/// partition per 10-minute bucket and shard character, expiries spread over a day), against raw batch
/// deletes of the same keys, whose keys are known in advance and need no query.
/// </summary>
public sealed class CleanupBenchmark(BenchmarkHost host, int rows)
{
    private const string Shards = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private const int BucketsPerDay = 144;

    public async Task<IReadOnlyList<ReportRow>> RunAsync(CancellationToken cancellationToken = default)
    {
        var services = host.App.Services;
        var names = services.GetRequiredService<TableNames>();
        var parallelism = services.GetRequiredService<IOptions<CleanupOptions>>().Value.Parallelism;
        var now = TimeProvider.System.GetUtcNow();
        var firstLive = ExpiryBucket.FirstLive(now);
        var expired = Keys(firstLive - BucketsPerDay - 1);
        var live = Keys(firstLive + 1);

        var tokens = new TableClient(host.App.StorageConnectionString, names.Tokens);
        var load = MachineDescription.LoadAverage();
        await InsertAsync(tokens, live, parallelism, cancellationToken);
        await InsertAsync(tokens, expired, parallelism, cancellationToken);

        // The baseline of record: the same keys deleted from the same table, live rows beside them, keys known, no query.
        // Azurite's delete cost grows with the table's row count (its in-memory indices are arrays), so a baseline on a
        // table of expired rows only is faster per row than any sweep among live rows can be. The expired rows are
        // inserted after the live ones both times, so both deletes meet the same layout (Azurite removes a row by
        // shifting those stored after it).
        var rawClock = Stopwatch.StartNew();
        await DeleteAsync(tokens, expired, parallelism, cancellationToken);
        rawClock.Stop();
        await InsertAsync(tokens, expired, parallelism, cancellationToken);

        host.Requests.Clear();
        var sweep = Stopwatch.StartNew();
        var deleted = await services.GetRequiredService<IExpiredRowSweeper>().SweepAsync(ExpiringTable.Tokens, now, int.MaxValue, cancellationToken);
        sweep.Stop();
        var firstLiveKey = ExpiryBucket.Format(firstLive);
        var liveRead = host.Requests.Requests
            .Where(r => r.Resource == names.Tokens)
            .SelectMany(r => r.ReturnedPartitions)
            .Count(p => string.CompareOrdinal(p, firstLiveKey) >= 0);
        var liveLeft = await CountAsync(tokens, TableClient.CreateQueryFilter($"PartitionKey ge {firstLiveKey}"), cancellationToken);

        // The earlier baseline, kept for comparison with the figures measured against it: a table of the expired rows alone.
        var raw = new TableClient(host.App.StorageConnectionString, host.TablePrefix + "RawDelete");
        await raw.CreateIfNotExistsAsync(cancellationToken);
        await InsertAsync(raw, expired, parallelism, cancellationToken);
        var aloneClock = Stopwatch.StartNew();
        await DeleteAsync(raw, expired, parallelism, cancellationToken);
        aloneClock.Stop();

        var sweepRate = deleted / sweep.Elapsed.TotalSeconds;
        var rawRate = expired.Count / rawClock.Elapsed.TotalSeconds;
        var aloneRate = expired.Count / aloneClock.Elapsed.TotalSeconds;
        var ratio = sweepRate / rawRate;
        var size = $"{rows.ToString("N0", CultureInfo.InvariantCulture)} expired among {rows.ToString("N0", CultureInfo.InvariantCulture)} live";
        return
        [
            new("1", $"Cleanup rate ({size})", Invariant($"{sweepRate:F0} rows/s ({deleted} deleted in {sweep.Elapsed.TotalSeconds:F1} s)"), "all expired rows in one run, within the 10-minute interval", deleted == rows && sweep.Elapsed < TimeSpan.FromMinutes(10)),
            new("1", "Cleanup vs raw Azurite batch deletes of the same rows from the same table (live rows beside them)", Invariant($"{ratio:P0} (raw {rawRate:F0} rows/s; load average {load} at the start)"), "≥ 50 % of raw", ratio >= 0.5),
            new("1", "Cleanup vs raw batch deletes from a table of the expired rows alone (the earlier baseline)", Invariant($"{sweepRate / aloneRate:P0} (raw {aloneRate:F0} rows/s)"), "(comparison)", null),
            new("1", "Live rows read by the cleanup", liveRead.ToString(CultureInfo.InvariantCulture), "0", liveRead == 0),
            new("1", "Live rows left after the cleanup", liveLeft.ToString(CultureInfo.InvariantCulture), rows.ToString(CultureInfo.InvariantCulture), liveLeft == rows),
        ];
    }

    /// <summary>Token-shaped keys: expiries spread over a day of buckets, a shard character, a 256-bit HMAC as row key.</summary>
    private List<TableRowKeys> Keys(long firstBucket)
        => Enumerable.Range(0, rows).Select(i =>
        {
            var bucket = firstBucket + (i % BucketsPerDay);
            var shard = Shards[RandomNumberGenerator.GetInt32(Shards.Length)];
            return new TableRowKeys($"{ExpiryBucket.Format(bucket)}_{shard}", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), bucket);
        }).ToList();

    private static Task InsertAsync(TableClient table, IEnumerable<TableRowKeys> keys, int parallelism, CancellationToken cancellationToken)
        => SubmitAsync(table, keys, parallelism, k => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(k.Partition, k.Row)
        {
            ["Kind"] = nameof(TokenKind.Session),
            ["SubscriberNumber"] = "1000000000017",
            ["SecurityStamp"] = 1L,
            ["IssuedAt"] = DateTimeOffset.FromUnixTimeSeconds(k.Bucket * 600) - TimeSpan.FromMinutes(30),
            ["ExpiresAt"] = DateTimeOffset.FromUnixTimeSeconds(k.Bucket * 600),
            ["Attempts"] = 0,
        }), cancellationToken);

    private static Task DeleteAsync(TableClient table, IEnumerable<TableRowKeys> keys, int parallelism, CancellationToken cancellationToken)
        => SubmitAsync(table, keys, parallelism, k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(k.Partition, k.Row), ETag.All), cancellationToken);

    /// <summary>Entity-group transactions of up to 100 rows of one partition, <paramref name="parallelism"/> in flight.</summary>
    private static Task SubmitAsync(TableClient table, IEnumerable<TableRowKeys> keys, int parallelism, Func<TableRowKeys, TableTransactionAction> action, CancellationToken cancellationToken)
    {
        var batches = keys.GroupBy(k => k.Partition, StringComparer.Ordinal).SelectMany(p => p.Chunk(100));
        return Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (batch, ct) =>
            await table.SubmitTransactionAsync(batch.Select(action), ct));
    }

    private static async Task<int> CountAsync(TableClient table, string filter, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(filter, 1000, ["PartitionKey"], cancellationToken))
        {
            count++;
        }

        return count;
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
