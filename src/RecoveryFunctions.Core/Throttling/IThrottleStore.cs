namespace RecoveryFunctions.Core.Throttling;

/// <summary>Fixed-window counters (per hour, per day) kept in storage so every instance shares them.</summary>
public interface IThrottleStore
{
    /// <summary>
    /// Counts one hit on each counter in the current window, all or nothing: refused when any counter is at
    /// its limit (the others are still counted, so probing one key cannot dodge the other's count).
    /// </summary>
    Task<ThrottleDecision> HitAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan window, CancellationToken cancellationToken = default);
}
