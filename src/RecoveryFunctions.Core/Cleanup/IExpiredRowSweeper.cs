namespace RecoveryFunctions.Core.Cleanup;

/// <summary>Deletes the rows of a bucket-partitioned table whose whole bucket lies before <c>now</c>.</summary>
public interface IExpiredRowSweeper
{
    /// <summary>
    /// Reads only partitions below <see cref="Tokens.ExpiryBucket.FirstLive"/> and deletes at most
    /// <paramref name="maxRows"/> rows; returns how many this call deleted (rows another run removed first are not counted).
    /// </summary>
    Task<int> SweepAsync(ExpiringTable table, DateTimeOffset now, int maxRows, CancellationToken cancellationToken = default);
}
