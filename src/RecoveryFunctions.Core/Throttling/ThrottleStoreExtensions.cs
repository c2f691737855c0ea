namespace RecoveryFunctions.Core.Throttling;

public static class ThrottleStoreExtensions
{
    /// <summary>Counts one hit on a single counter.</summary>
    public static Task<ThrottleDecision> HitAsync(this IThrottleStore throttles, string scope, string key, int limit, TimeSpan window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(throttles);
        return throttles.HitAsync([new ThrottleCounter(scope, key, limit)], window, cancellationToken);
    }
}
