using RecoveryFunctions.Core.Cleanup;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.TestSupport.InMemory;

/// <summary><see cref="IPendingAccountIndex"/> in memory: partition = expiry bucket, row = subscriber number, found by key range.</summary>
public sealed class InMemoryPendingAccountIndex(InMemoryStorage storage) : IPendingAccountIndex
{
    public Task AddAsync(PendingAccountMarker marker, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(marker);
        storage.PendingAccounts.Upsert(PartitionOf(marker), marker.SubscriberNumber, marker);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PendingAccountMarker>> FindExpiredAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        return Task.FromResult<IReadOnlyList<PendingAccountMarker>>([.. storage.PendingAccounts.Query(ExpiredKeyRange.Before(now), max).Select(r => r.Value)]);
    }

    public Task RemoveAsync(IReadOnlyCollection<PendingAccountMarker> markers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(markers);
        foreach (var marker in markers)
        {
            // Ones already gone (an overlapping run) are fine.
            storage.PendingAccounts.TryDelete(PartitionOf(marker), marker.SubscriberNumber, version: null);
        }

        return Task.CompletedTask;
    }

    private static string PartitionOf(PendingAccountMarker marker) => ExpiryBucket.Format(ExpiryBucket.Of(marker.ExpiresAt));
}
