using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.EndToEnd;

/// <summary>
/// A system of its own on a manual clock with small time limits, so extension tests reach the ceilings in a few
/// calls: flows and sessions last 10 minutes and can be extended to 25 (10 → 20 → 25, then refused).
/// </summary>
public sealed class ExtensionFixture : LocalHostFixture
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(25);

    // Starts at the real time: the local email endpoint checks signature dates against the same clock.
    public ManualTimeProvider Clock { get; } = new(TimeProvider.System.GetUtcNow());

    protected override IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>
    {
        ["Captcha:Mode"] = "AlwaysPass",
        ["Recovery:RecoveryFlowLifetime"] = Lifetime.ToString("c", CultureInfo.InvariantCulture),
        ["Recovery:RecoveryFlowMaxLifetime"] = MaxLifetime.ToString("c", CultureInfo.InvariantCulture),
        ["Recovery:SessionLifetime"] = Lifetime.ToString("c", CultureInfo.InvariantCulture),
        ["Recovery:SessionMaxLifetime"] = MaxLifetime.ToString("c", CultureInfo.InvariantCulture),

        // Daily, so the scheduler never runs in the middle of a test; tests run it on demand.
        ["Cleanup:Schedule"] = "0 0 3 * * *",
    };

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}

[CollectionDefinition(Name)]
public sealed class ExtensionCollection : ICollectionFixture<ExtensionFixture>
{
    public const string Name = "Extension";
}
