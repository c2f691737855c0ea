using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Cleanup;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// Deletes the rows of every expired partition, keys only. One query finds the oldest expired bucket; the buckets from
/// there to the first live one are cut into up to <see cref="CleanupOptions.Parallelism"/> slices swept side by side
/// (a backlog of a day is 144 buckets; a run on time has one or two, and stays one slice). Each slice pages through
/// its key range and deletes each page in batch transactions while the next page is fetched; paging resumes after
/// the last key returned, so deleting behind the cursor is safe. All slices share one pool of
/// <see cref="CleanupOptions.Parallelism"/> batches in flight, so a slice waiting for its next page leaves its share to
/// the others. Pages are read as keys only into <see cref="RowKeys"/> (no property bag per row). Every slice ends below
/// the first live bucket, so no live row is ever read; stopping at the budget leaves the rest for the next run.
/// </summary>
public sealed class TableExpiredRowSweeper(StorageClients clients, TableNames names, IOptions<CleanupOptions> options) : IExpiredRowSweeper
{
    private const int PageSize = 1000;
    private static readonly string[] KeysOnly = ["PartitionKey", "RowKey"];

    public async Task<int> SweepAsync(ExpiringTable table, DateTimeOffset now, int maxRows, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRows);
        var spread = clients.Spread(table switch
        {
            ExpiringTable.Tokens => names.Tokens,
            ExpiringTable.Throttles => names.Throttles,
            ExpiringTable.AssistanceRequests => names.AssistanceRequests,
            _ => throw new ArgumentOutOfRangeException(nameof(table)),
        });

        // A family spread over several accounts (the throttles on the night): each account swept in turn, one budget.
        var deleted = 0;
        foreach (var client in spread.All.TakeWhile(_ => deleted < maxRows))
        {
            deleted += await SweepRangeAsync(client, now, maxRows - deleted, options.Value.Parallelism, cancellationToken);
        }

        return deleted;
    }

    internal static async Task<int> SweepRangeAsync(TableClient client, DateTimeOffset now, int maxRows, int parallelism, CancellationToken cancellationToken = default)
    {
        var firstLive = ExpiryBucket.FirstLive(now);
        if (await OldestBucketAsync(client, now, cancellationToken) is not { } oldest)
        {
            return 0;
        }

        var budget = new RowBudget(maxRows);
        using var lanes = new SemaphoreSlim(parallelism);
        var deleted = await Task.WhenAll(Slices(oldest, firstLive, parallelism).Select(s => SweepSliceAsync(client, s, budget, lanes, cancellationToken)));
        return deleted.Sum();
    }

    /// <summary>The bucket of the first expired partition in key order, or null when nothing has expired.</summary>
    private static async Task<long?> OldestBucketAsync(TableClient client, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await foreach (var page in client.QueryAsync<RowKeys>(ExpiredPartitionRange.Filter(now), 1, KeysOnly, cancellationToken).AsPages(pageSizeHint: 1))
        {
            if (page.Values.FirstOrDefault() is { } first && ExpiryBucket.TryParse(first.PartitionKey.AsSpan(0, Math.Min(ExpiryBucket.Digits, first.PartitionKey.Length)), out var bucket))
            {
                return bucket;
            }

            // An empty page with a continuation: the service may stop a scan early; keep asking.
            if (page.ContinuationToken is null)
            {
                break;
            }
        }

        return null;
    }

    /// <summary>[from, to) cut into at most <paramref name="count"/> contiguous slices of whole buckets.</summary>
    internal static IReadOnlyList<(long From, long To)> Slices(long from, long to, int count)
    {
        var width = Math.Max(1, (long)Math.Ceiling((to - from) / (double)Math.Max(1, count)));
        var slices = new List<(long, long)>();
        for (var start = from; start < to; start += width)
        {
            slices.Add((start, Math.Min(to, start + width)));
        }

        return slices;
    }

    private static async Task<int> SweepSliceAsync(TableClient client, (long From, long To) slice, RowBudget budget, SemaphoreSlim lanes, CancellationToken cancellationToken)
    {
        var deleted = 0;
        var inFlight = Task.FromResult(0);
        var query = client.QueryAsync<RowKeys>(ExpiredPartitionRange.Between(slice.From, slice.To), PageSize, KeysOnly, cancellationToken);
        await foreach (var page in query.AsPages())
        {
            var granted = budget.Take(page.Values.Count);
            var rows = page.Values.Take(granted).Select(e => new TableRowKey(e.PartitionKey, e.RowKey)).ToList();
            deleted += await inFlight;
            inFlight = TableBatchDeleter.DeleteAsync(client, rows, lanes, cancellationToken);
            if (granted < page.Values.Count || budget.Spent)
            {
                break;
            }
        }

        return deleted + await inFlight;
    }

    /// <summary>A row as the keys-only query returns it: its two keys, nothing else to bind or allocate.</summary>
    private sealed class RowKeys : ITableEntity
    {
        public string PartitionKey { get; set; } = "";

        public string RowKey { get; set; } = "";

        public DateTimeOffset? Timestamp { get; set; }

        public Azure.ETag ETag { get; set; }
    }

    /// <summary>The rows one run may still take, shared by the slices.</summary>
    private sealed class RowBudget(int rows)
    {
        private int _left = rows;

        public bool Spent => Volatile.Read(ref _left) <= 0;

        public int Take(int wanted)
        {
            while (true)
            {
                var left = Volatile.Read(ref _left);
                var granted = Math.Min(left, wanted);
                if (granted <= 0 || Interlocked.CompareExchange(ref _left, left - granted, left) == left)
                {
                    return Math.Max(0, granted);
                }
            }
        }
    }
}
