using Azure.Data.Tables;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// The key range of partitions whose expiry bucket lies wholly before a moment. Token and throttle partitions are
/// "{bucket}_{shard}" and marker partitions "{bucket}" (docs/architecture/partitions.md): all sort below the first live
/// bucket's nine digits exactly when their bucket is older, so the service never returns a live row.
/// </summary>
internal static class ExpiredPartitionRange
{
    private static readonly string Lowest = ExpiryBucket.Format(0);

    public static string Filter(DateTimeOffset now)
        => TableClient.CreateQueryFilter($"PartitionKey ge {Lowest} and PartitionKey lt {ExpiryBucket.Format(ExpiryBucket.FirstLive(now))}");

    /// <summary>The partitions of buckets <paramref name="from"/> (included) to <paramref name="to"/> (excluded).</summary>
    public static string Between(long from, long to)
        => TableClient.CreateQueryFilter($"PartitionKey ge {ExpiryBucket.Format(from)} and PartitionKey lt {ExpiryBucket.Format(to)}");
}
