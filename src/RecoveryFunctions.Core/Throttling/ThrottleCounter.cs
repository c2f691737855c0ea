namespace RecoveryFunctions.Core.Throttling;

/// <summary>One counter to hit: what is counted (scope), for whom (key, never stored in clear), and its limit.</summary>
public sealed record ThrottleCounter(string Scope, string Key, int Limit)
{
    /// <summary>
    /// Counted over a sliding window (this window plus the weighted previous one), so no burst across a boundary
    /// doubles the limit. Off for counters whose refusal announces a fixed end (the sign-in lock's "until").
    /// </summary>
    public bool Sliding { get; init; }
}
