namespace RecoveryFunctions.Core.Cleanup;

/// <summary>Pending accounts by expiry time, so cleanup finds them by key range without scanning live accounts.</summary>
public interface IPendingAccountIndex
{
    Task AddAsync(PendingAccountMarker marker, CancellationToken cancellationToken = default);

    /// <summary>Markers whose whole expiry bucket lies before <paramref name="now"/>, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<PendingAccountMarker>> FindExpiredAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default);

    /// <summary>Deletes the markers; ones already gone (an overlapping run) are fine.</summary>
    Task RemoveAsync(IReadOnlyCollection<PendingAccountMarker> markers, CancellationToken cancellationToken = default);
}
