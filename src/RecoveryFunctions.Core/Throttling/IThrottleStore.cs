namespace RecoveryFunctions.Core.Throttling;

/// <summary>Fixed-window counters (per hour, per day) kept in storage so every instance shares them.</summary>
public interface IThrottleStore
{
    /// <summary>
    /// Counts one hit on each counter in the current window, all or nothing: refused when any counter is at
    /// its limit (the others are still counted, so probing one key cannot dodge the other's count).
    /// </summary>
    Task<ThrottleDecision> HitAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan window, CancellationToken cancellationToken = default);

    /// <summary>Reads the counters without counting (one query): which are at their limit, and when the window ends.</summary>
    Task<ThrottleDecision> CheckAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan window, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads how many hits each counter holds (one query, nothing counted), in the order given: for a
    /// <see cref="ThrottleCounter.Sliding"/> counter the sliding estimate the limit is checked against. What agents are
    /// shown of a volume (requests naming an account over the last day and week), not a decision.
    /// </summary>
    Task<IReadOnlyList<int>> CountAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan window, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes back up to <paramref name="hits"/> hits from each counter in the current window (never below zero):
    /// a hit counted before a check that then succeeded, or a lock an agent lifts.
    /// </summary>
    Task RefundAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan window, int hits = 1, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="RefundAsync"/> one hit on each of <paramref name="givenBack"/>, then <see cref="HitAsync"/> on
    /// <paramref name="counters"/>, as one request that proved one thing and spends another (a solved captcha and the
    /// request it guards). A store may read and write them together: the Table adapter keeps one key's counters in one
    /// partition, so one client's refund and hit are one query and one batch.
    /// </summary>
    async Task<ThrottleDecision> GiveBackAndHitAsync(IReadOnlyList<ThrottleCounter> givenBack, IReadOnlyList<ThrottleCounter> counters, TimeSpan window, CancellationToken cancellationToken = default)
    {
        await RefundAsync(givenBack, window, cancellationToken: cancellationToken);
        return await HitAsync(counters, window, cancellationToken);
    }
}
