using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Hosting;
using RecoveryFunctions.Tests.Support;

namespace RecoveryFunctions.Tests.Configuration;

/// <summary>A wrong time zone or extension ceiling stops the app at start, with a message naming the key.</summary>
public sealed class RecoveryOptionsValidationTests
{
    [Theory]
    [InlineData("Recovery:TimeZone", "Mars/Olympus_Mons", "Recovery:TimeZone")]
    [InlineData("Recovery:TimeZone", "", "TimeZone")]
    [InlineData("Recovery:RecoveryFlowMaxLifetime", "00:10:00", "Recovery:RecoveryFlowMaxLifetime")]
    [InlineData("Recovery:SessionMaxLifetime", "00:20:00", "Recovery:SessionMaxLifetime")]
    public void Start_WrongSetting_FailsNamingTheKey(string key, string value, string named)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => ValidateAtStart(new() { [key] = value }));

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Europe/Paris")]
    [InlineData("America/Cayenne")]
    [InlineData("Indian/Reunion")]
    public void Start_KnownTimeZone_Starts(string zone)
    {
        ValidateAtStart(new() { ["Recovery:TimeZone"] = zone });
    }

    /// <summary>The section's validation, which ValidateOnStart runs before the host serves anything.</summary>
    private static void ValidateAtStart(Dictionary<string, string?> settings)
    {
        settings["Recovery:FrontEndBaseUrl"] = "https://espace.example.fr";
        settings["Recovery:AssistanceUrl"] = "https://espace.example.fr/assistance";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddRecoveryOptions(configuration, new TestHostEnvironment(Environments.Development));
        using var provider = services.BuildServiceProvider();

        _ = provider.GetRequiredService<IOptions<RecoveryOptions>>().Value;
    }
}
