using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Telemetry;

/// <summary>A system of its own whose OpenTelemetry providers also export to memory.</summary>
public sealed class TelemetryFixture : LocalHostFixture
{
    public TelemetryCapture Telemetry { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => Telemetry.AddTo(services);
}

/// <summary>Tests of one collection run one at a time, so a test's measurements are its own.</summary>
[CollectionDefinition(Name)]
public sealed class TelemetryCollection : ICollectionFixture<TelemetryFixture>
{
    public const string Name = "Telemetry";
}
