namespace RecoveryFunctions.Core.Email;

/// <summary>
/// What this instance learnt from ACS's last 429 on a send: until then, every send is re-queued without a request, so a
/// burst costs one 429 per window instead of one per email (ACS counts every request against the quota). The quota is
/// taken to be the bottleneck from a 429 until a minute after the gate reopened: meanwhile notifications let
/// time-critical emails go first.
/// </summary>
public sealed class EmailQuotaGate
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
