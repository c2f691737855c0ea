using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace RecoveryFunctions.BrowserTests;

/// <summary>
/// Times one way back as the browser goes through it, for the table « Time and steps of each way back » of
/// docs/security/ways-back.md: the page checks (screenshots, axe) are left out of the figure, which is printed to the
/// test output and never asserted (speed is measured, not tested). Started at construction.
/// </summary>
internal sealed class JourneyClock(SiteFixture site, ITestOutputHelper output, string way)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Checks a screen of the journey (<see cref="SiteFixture.CheckPageAsync"/>) with the clock paused.</summary>
    public async Task CheckAsync(IPage page, string name)
    {
        _clock.Stop();
        await site.CheckPageAsync(page, name);
        _clock.Start();
    }

    /// <summary>Stops the clock and prints the way's time with what the person met.</summary>
    public void Report(int screens, int emails)
    {
        _clock.Stop();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Way back « {way} »: {_clock.Elapsed.TotalSeconds:F1} s, {screens} screens, {emails} emails (checks excluded)."));
    }
}
