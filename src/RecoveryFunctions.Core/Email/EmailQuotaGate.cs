namespace RecoveryFunctions.Core.Email;

/// <summary>
/// What this instance learnt from ACS's last 429 on a send (<see cref="Sends"/>) or a status read
/// (<see cref="StatusReads"/>): until then, every such request is re-queued without being made, so a burst costs one
/// 429 per window instead of one per email (ACS counts every request against the quota). The sending quota is taken to
/// be the bottleneck from a 429 until a minute after the gate reopened: meanwhile notifications let time-critical
/// emails go first.
/// </summary>
public sealed class EmailQuotaGate
{
    public QuotaGate Sends { get; } = new();

    public QuotaGate StatusReads { get; } = new();
}

/// <summary>One quota's gate: closed until the Retry-After of the last 429.</summary>
public sealed class QuotaGate
{
    private long _closedUntilTicks;

    public void CloseUntil(DateTimeOffset until)
    {
        var ticks = until.UtcTicks;
        long current;
        do
        {
            current = Interlocked.Read(ref _closedUntilTicks);
            if (ticks <= current)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _closedUntilTicks, ticks, current) != current);
    }

    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    public bool QuotaIsBottleneck(DateTimeOffset now) => now.UtcTicks < Interlocked.Read(ref _closedUntilTicks) + Grace.Ticks;

    /// <summary>How long sends must still wait, or null when the gate is open.</summary>
    public TimeSpan? Remaining(DateTimeOffset now)
    {
        var remaining = Interlocked.Read(ref _closedUntilTicks) - now.UtcTicks;
        return remaining > 0 ? TimeSpan.FromTicks(remaining) : null;
    }
}
