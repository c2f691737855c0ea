namespace RecoveryFunctions.Core.Throttling;

/// <summary>Fixed-window counters (per hour, per day) kept in storage so every instance shares them.</summary>
public interface IThrottleStore
{
    /// <summary>Counts one hit on <paramref name="key"/> in the current window; refused beyond <paramref name="limit"/>.</summary>
    Task<ThrottleDecision> HitAsync(string scope, string key, int limit, TimeSpan window, CancellationToken cancellationToken = default);
}
