namespace RecoveryFunctions.Tests.Support;

/// <summary>A clock tests move by hand.</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public ManualTimeProvider()
        : this(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero))
    {
    }

    public DateTimeOffset UtcNow
    {
        get => _now;
        set => _now = value;
    }

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
