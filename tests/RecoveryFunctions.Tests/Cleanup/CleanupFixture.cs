using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Infrastructure.Storage;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Cleanup;

/// <summary>A system of its own on a manual clock, so tests can let rows expire without waiting.</summary>
public sealed class CleanupFixture : LocalHostFixture
{
    public const int MaxRowsPerRun = 200;

    // Starts at the real time: the local email endpoint checks signature dates against the same clock.
    public ManualTimeProvider Clock { get; } = new(TimeProvider.System.GetUtcNow());

    public StorageRequestRecorder Requests { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>
    {
        ["Captcha:Mode"] = "AlwaysPass",
        ["Cleanup:MaxRowsPerRun"] = MaxRowsPerRun.ToString(System.Globalization.CultureInfo.InvariantCulture),

        // Daily, so the scheduler never runs in the middle of a test; tests run it on demand.
        ["Cleanup:Schedule"] = "0 0 3 * * *",

        // The throttle counters in their table, as a deployment without a cache keeps them: its sweep is proved here
        // (with the cache, keys expire by themselves: docs/decisions/0008-throttles-in-a-cache.md).
        ["Throttling:Store"] = "Table",
    };

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(new StoragePipelinePolicy(Requests));
    }
}
