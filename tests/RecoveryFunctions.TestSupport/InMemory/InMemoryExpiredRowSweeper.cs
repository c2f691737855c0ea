using RecoveryFunctions.Core.Cleanup;

namespace RecoveryFunctions.TestSupport.InMemory;

/// <summary>
/// <see cref="IExpiredRowSweeper"/> in memory: deletes, in key order and up to the budget, the rows of the expired key
/// range; counts only the rows this call deleted (one an overlapping run took first is not counted).
/// </summary>
public sealed class InMemoryExpiredRowSweeper(InMemoryStorage storage) : IExpiredRowSweeper
{
    public Task<int> SweepAsync(ExpiringTable table, DateTimeOffset now, int maxRows, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRows);
        return Task.FromResult(table switch
        {
            ExpiringTable.Tokens => Sweep(storage.Tokens, now, maxRows),
            ExpiringTable.Throttles => Sweep(storage.Throttles, now, maxRows),
            ExpiringTable.AssistanceRequests => Sweep(storage.AssistanceRequests, now, maxRows),
            _ => throw new ArgumentOutOfRangeException(nameof(table)),
        });
    }

    private static int Sweep<T>(InMemoryTable<T> table, DateTimeOffset now, int maxRows)
        where T : class
        => table.Query(ExpiredKeyRange.Before(now), maxRows).Count(row => table.TryDelete(row.Partition, row.Row, version: null));
}
