namespace RecoveryFunctions.Core.Throttling;

/// <summary>
/// What one hit (or check) found. <see cref="Refused"/> names the scopes already at their limit, so a caller that
/// mixes counters (a client limit and an account lock) can tell which one stopped the request; <see cref="Filled"/>
/// names the scopes this hit brought to their limit (the next hit is refused): the moment a lock starts.
/// </summary>
public sealed record ThrottleDecision(bool Allowed, TimeSpan RetryAfter)
{
    public static readonly ThrottleDecision Allow = new(true, TimeSpan.Zero);

    private static readonly IReadOnlySet<string> None = new HashSet<string>();

    public IReadOnlySet<string> Refused { get; init; } = None;

    public IReadOnlySet<string> Filled { get; init; } = None;

    /// <summary>End of the window the counters were read in (when a refusal or a lock ends).</summary>
    public DateTimeOffset WindowEnd { get; init; }
}
