using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Cleanup;
using RecoveryFunctions.Core.Options;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// Pages through the expired key range (keys only) and deletes each page in batch transactions while
/// the next page is fetched. Paging resumes after the last key returned, so deleting behind the cursor
/// is safe; stopping at the budget leaves the rest for the next run.
/// </summary>
public sealed class TableExpiredRowSweeper(StorageClients clients, TableNames names, IOptions<CleanupOptions> options) : IExpiredRowSweeper
{
    private const int PageSize = 1000;
    private static readonly string[] KeysOnly = ["PartitionKey", "RowKey"];

    public async Task<int> SweepAsync(ExpiringTable table, DateTimeOffset now, int maxRows, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRows);
        var client = clients.Tables.GetTableClient(table switch
        {
            ExpiringTable.Tokens => names.Tokens,
            ExpiringTable.Throttles => names.Throttles,
            ExpiringTable.AssistanceRequests => names.AssistanceRequests,
            _ => throw new ArgumentOutOfRangeException(nameof(table)),
        });
        return await SweepRangeAsync(client, now, maxRows, options.Value.Parallelism, cancellationToken);
    }

    internal static async Task<int> SweepRangeAsync(TableClient client, DateTimeOffset now, int maxRows, int parallelism, CancellationToken cancellationToken = default)
    {
        var taken = 0;
        var deleted = 0;
        var inFlight = Task.FromResult(0);
        var query = client.QueryAsync<TableEntity>(ExpiredPartitionRange.Filter(now), PageSize, KeysOnly, cancellationToken);
        await foreach (var page in query.AsPages())
        {
            var rows = page.Values.Take(maxRows - taken).Select(e => new TableRowKey(e.PartitionKey, e.RowKey)).ToList();
            taken += rows.Count;
            deleted += await inFlight;
            inFlight = TableBatchDeleter.DeleteAsync(client, rows, parallelism, cancellationToken);
            if (taken >= maxRows)
            {
                break;
            }
        }

        return deleted + await inFlight;
    }
}
