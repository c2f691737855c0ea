using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.TestSupport.InMemory;

/// <summary>
/// The partitions whose expiry bucket lies wholly before a moment, as the Table adapters' range filter selects them
/// (from the lowest bucket up to, not including, the first live one, ordinal): token partitions "{bucket}_{shard}" and
/// bucket partitions alike; "open" and subscriber numbers sort outside it.
/// </summary>
public static class ExpiredKeyRange
{
    private static readonly string Lowest = ExpiryBucket.Format(0);

    public static Func<string, string, bool> Before(DateTimeOffset now)
    {
        var firstLive = ExpiryBucket.Format(ExpiryBucket.FirstLive(now));
        return (partition, _) => string.CompareOrdinal(partition, Lowest) >= 0 && string.CompareOrdinal(partition, firstLive) < 0;
    }
}
