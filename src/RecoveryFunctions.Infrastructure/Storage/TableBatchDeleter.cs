using Azure;
using Azure.Data.Tables;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// Deletes rows in entity-group transactions (one partition, up to 100 rows each), several in flight.
/// Unconditional (ETag *) because only expired rows are passed in. A transaction fails as a whole when
/// one of its rows is already gone (an overlapping run), so that batch is redone row by row, where a
/// 404 is simply "someone else deleted it".
/// </summary>
internal static class TableBatchDeleter
{
    public const int MaxBatch = 100;

    /// <summary>Returns how many rows this call deleted (rows found already gone are not counted).</summary>
    public static async Task<int> DeleteAsync(TableClient table, IEnumerable<TableRowKey> rows, int parallelism, CancellationToken cancellationToken = default)
    {
        using var lanes = new SemaphoreSlim(parallelism);
        return await DeleteAsync(table, rows, lanes, cancellationToken);
    }

    /// <summary>As above, each batch taking one of <paramref name="lanes"/>, which callers sweeping side by side share.</summary>
    public static async Task<int> DeleteAsync(TableClient table, IEnumerable<TableRowKey> rows, SemaphoreSlim lanes, CancellationToken cancellationToken = default)
    {
        var batches = rows
            .GroupBy(r => r.Partition, StringComparer.Ordinal)
            .SelectMany(partition => partition.Chunk(MaxBatch));
        var deleted = await Task.WhenAll(batches.Select(async batch =>
        {
            await lanes.WaitAsync(cancellationToken);
            try
            {
                return await DeleteBatchAsync(table, batch, cancellationToken);
            }
            finally
            {
                lanes.Release();
            }
        }));
        return deleted.Sum();
    }

    private static async Task<int> DeleteBatchAsync(TableClient table, TableRowKey[] batch, CancellationToken cancellationToken)
    {
        if (batch.Length == 1)
        {
            // A lone row (sparse partitions are common: expiries spread over many shards) is cheaper as a plain delete.
            return await DeleteEachAsync(table, batch, cancellationToken);
        }

        try
        {
            var actions = batch.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(r.Partition, r.Row), ETag.All));
            await table.SubmitTransactionAsync(actions, cancellationToken);
            return batch.Length;
        }
        catch (TableTransactionFailedException e) when (StorageErrors.IsNotFound(e.Status))
        {
            return await DeleteEachAsync(table, batch, cancellationToken);
        }
    }

    private static async Task<int> DeleteEachAsync(TableClient table, TableRowKey[] batch, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var row in batch)
        {
            try
            {
                var response = await table.DeleteEntityAsync(row.Partition, row.Row, ETag.All, cancellationToken);
                deleted += StorageErrors.IsNotFound(response.Status) ? 0 : 1;
            }
            catch (RequestFailedException e) when (StorageErrors.IsNotFound(e))
            {
                // Already deleted by an overlapping run.
            }
        }

        return deleted;
    }
}
