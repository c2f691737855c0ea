namespace RecoveryFunctions.Core.Cleanup;

/// <summary>Tables whose partitions are expiry buckets, so expired rows are a key range.</summary>
public enum ExpiringTable
{
    Tokens,
    Throttles,

    /// <summary>Closed assistance requests, by the bucket in which their retention ends.</summary>
    AssistanceRequests,
}
