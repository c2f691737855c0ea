namespace RecoveryFunctions.Tests.Email;

/// <summary>A clock stopped (or shifted) at a given instant; timers and timestamps stay real.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
