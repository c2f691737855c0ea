using System.Text.RegularExpressions;
using RecoveryFunctions.DevServices;
using RecoveryFunctions.LocalHost;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.HostParity;

/// <summary>
/// <c>dotnet run</c> tells the person what it is doing while it prepares: one line per stage, written when the stage
/// begins and completed with its duration, then the demo account.
/// </summary>
public sealed class LocalHostStartTests
{
    [Fact]
    public async Task Start_WithConsoleStages_OneLinePerStageInOrderWithDurations()
    {
        // Nothing is sent: the folder is only named.
        var mailbox = Path.Combine(Path.GetTempPath(), "recovery-mailbox-" + Guid.NewGuid().ToString("N"));
        using var console = new StringWriter();
        var port = 0;

        await using (var host = await LocalHostFixture.StartOnFreePortAsync(p => new LocalHostSettings
        {
            Port = port = p,
            MailboxDirectory = mailbox,
            TablePrefix = "t" + Guid.NewGuid().ToString("N")[..12],
            Stages = new StartupStages(console),
        }))
        {
            var lines = console.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

            // node_modules is there (the fixtures' first start installs it), so no npm line.
            Assert.Collection(
                lines,
                line => Assert.Matches(Stage("Starting Azurite (the Storage emulator, in memory)"), line),
                line => Assert.Matches(Stage("Starting Garnet (the throttle cache, in memory)"), line),
                line => Assert.Matches(Stage("Starting the local FranceConnect provider"), line),
                line => Assert.Matches(Stage($"Starting the function host (the API, the ACS Email emulator, the development issuer) on port {port}"), line),
                line => Assert.Matches(Stage("Creating the demo account"), line));
            Assert.Matches(@"^\d{13}$", host.DemoSubscriberNumber);
            Assert.Contains($"subscriber no.  {host.DemoSubscriberNumber}", DemoAccount.Describe(host.DemoSubscriberNumber!, mailbox), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Stage_Fails_LineSaysSoAndTheErrorGoesOn()
    {
        using var console = new StringWriter();
        var stages = new StartupStages(console);

        await stages.RunAsync("Copying", () => Task.Delay(10));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => stages.RunAsync("Installing", () => throw new InvalidOperationException("npm ci failed")));

        Assert.Equal("npm ci failed", error.Message);
        var lines = console.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Collection(
            lines,
            line => Assert.Matches(Stage("Copying"), line),
            line => Assert.Matches(@"^Installing… failed after \d+\.\d s$", line));
    }

    private static Regex Stage(string description) => new("^" + Regex.Escape(description) + @"… \d+\.\d s$");
}
