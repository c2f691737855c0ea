using RecoveryFunctions.Core.Throttling;

namespace RecoveryFunctions.TestSupport;

/// <summary>
/// The real clock an end-to-end host counts with: fixed throttle windows (the sign-in counts, the contact form) start
/// afresh on every whole hour, UTC, and day windows on one of them.
/// </summary>
public static class HourBoundary
{
    /// <summary>
    /// Returns once at least <paramref name="needed"/> is left before the next whole hour, waiting past it when less is:
    /// a test that fills a fixed counter against the real clock must not see the counter start afresh halfway.
    /// </summary>
    public static async Task ClearOfItAsync(TimeSpan needed)
    {
        var now = TimeProvider.System.GetUtcNow();
        // The throttles' own window arithmetic: the hour window that holds now ends on the next whole hour.
        var next = SlidingWindow.At(now, TimeSpan.FromHours(1)).End;
        if (next - now < needed)
        {
            await Task.Delay(next - now + TimeSpan.FromSeconds(1));
        }
    }
}
