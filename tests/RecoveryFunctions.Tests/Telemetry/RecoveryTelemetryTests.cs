using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Hosting;

namespace RecoveryFunctions.Tests.Telemetry;

/// <summary>The exporter settings: Entra authentication read as the Functions host documents it, wrong values refused at start.</summary>
public sealed class RecoveryTelemetryTests
{
    [Theory]
    [InlineData("Authorization=AAD;ClientId=8a2d1f3e-0000-4000-8000-000000000001")]
    [InlineData("Authorization=AAD")]
    [InlineData("ClientId=8a2d1f3e-0000-4000-8000-000000000001;authorization=aad")]
    public void EntraCredential_AadAuthenticationString_ManagedIdentity(string setting)
        => Assert.IsType<ManagedIdentityCredential>(RecoveryTelemetry.EntraCredential(setting));

    [Fact]
    public void EntraCredential_NoSetting_NoCredential()
        => Assert.Null(RecoveryTelemetry.EntraCredential(null));

    [Fact]
    public void EntraCredential_OtherAuthorization_Refused()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => RecoveryTelemetry.EntraCredential("Authorization=InstrumentationKey"));
        Assert.Contains(RecoveryTelemetry.AuthenticationStringKey, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddRecoveryTelemetry_PrometheusPortOutOfRange_RefusedNamingTheKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Telemetry:PrometheusPort"] = "70000" }).Build();

        var refused = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddRecoveryTelemetry(configuration));
        Assert.Contains("Telemetry:PrometheusPort", refused.Message, StringComparison.Ordinal);
    }
}
