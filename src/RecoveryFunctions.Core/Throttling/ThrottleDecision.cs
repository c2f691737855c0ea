namespace RecoveryFunctions.Core.Throttling;

public sealed record ThrottleDecision(bool Allowed, TimeSpan RetryAfter)
{
    public static readonly ThrottleDecision Allow = new(true, TimeSpan.Zero);
}
