using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Secrets;
using RecoveryFunctions.DevServices.Azurite;
using RecoveryFunctions.Hosting;

namespace RecoveryFunctions.Tests.Configuration;

/// <summary>local.settings.sample.json lists every setting, and its values pass the app's own start-up validation.</summary>
public sealed class LocalSettingsSampleTests
{
    private static readonly Dictionary<string, string> Values = LoadSample();

    /// <summary>Every setting of every options class (<see cref="OptionsCatalog"/>) but the named secrets, which the sample lists one by one.</summary>
    public static TheoryData<string> SettingKeys()
    {
        var data = new TheoryData<string>();
        foreach (var key in OptionsCatalog.AllKeys().Where(k => !k.EndsWith("__{name}", StringComparison.Ordinal)))
        {
            data.Add(key);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SettingKeys))]
    public void Sample_EverySetting_Listed(string key)
    {
        Assert.True(Values.ContainsKey(key) || IsOptionalIdentitySetting(key), $"local.settings.sample.json lacks {key}");
    }

    /// <summary>The sample's Values as the host reads them, on a real Azurite (the sample names the default emulator ports).</summary>
    [Fact]
    public async Task Start_SampleValues_HostStarts()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        var values = new Dictionary<string, string?>(SampleConfiguration()) { ["AzureWebJobsStorage"] = azurite.ConnectionString };
        using var host = BuildHost(values, Environments.Development);

        await host.StartAsync();

        Assert.Equal(Environments.Development, Values["AZURE_FUNCTIONS_ENVIRONMENT"]);
        await host.StopAsync();
    }

    /// <summary>One wrong value in the sample stops the start (ValidateOnStart), before any storage is touched, naming the key.</summary>
    [Theory]
    [InlineData("Cleanup__Schedule", "every ten minutes", "Cleanup:Schedule")]
    [InlineData("Email__PoisonReplaySchedule", "daily", "Email:PoisonReplaySchedule")]
    [InlineData("Email__StatusReadsPerHour", "5", "Email:StatusReadsPerHour")]
    [InlineData("Email__Endpoint", "", "Email:Endpoint")]
    [InlineData("Email__MaxRequeues", "0", "Email:MaxRequeues")]
    [InlineData("Cleanup__Parallelism", "0", "Cleanup:Parallelism")]
    [InlineData("Captcha__Provider", "CaptchEtat", "Captcha:CaptchEtat:ClientId")]
    [InlineData("Secrets__Source", "KeyVault", "Secrets:KeyVaultUri")]
    [InlineData("Captcha__Lifetime", "00:00:00", "Captcha:Lifetime")]
    [InlineData("Captcha__Length", "3", "Captcha:Length")]
    [InlineData("Throttling__SignInFirstLock", "-00:15:00", "Throttling:SignInFirstLock")]
    [InlineData("Throttling__RecoveryLock", "00:00:00", "Throttling:RecoveryLock")]
    [InlineData("Throttling__SignInFamiliarClientLifetime", "00:00:01", "Throttling:SignInFamiliarClientLifetime")]
    [InlineData("Storage__EmailQueueName", "Email_Outbox", "Storage:EmailQueueName")]
    [InlineData("Storage__EmailNotificationQueueName", "email-outbox", "Storage:EmailNotificationQueueName")]
    [InlineData("Storage__TablePrefix", "1recovery", "Storage:TablePrefix")]
    [InlineData("Password__Argon2Iterations", "0", "Password:Argon2Iterations")]
    [InlineData("Assistance__ClockSkew", "01:00:00", "Assistance:ClockSkew")]
    [InlineData("Secrets__RefreshInterval", "00:00:00", "Secrets:RefreshInterval")]
    [InlineData("Recovery__TimeZone", "Mars/Olympus_Mons", "Recovery:TimeZone")]
    [InlineData("ClientAddress__ForwardedHops", "9", "ClientAddress:ForwardedHops")]
    public async Task Start_SampleWithOneBadValue_RefusedNamingTheKey(string key, string value, string named)
    {
        var values = new Dictionary<string, string?>(SampleConfiguration()) { [key.Replace("__", ":", StringComparison.Ordinal)] = value };
        using var host = BuildHost(values, Environments.Development);

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A missing or malformed outbox key stops the start, naming the setting, before any storage is touched (the sample's
    /// storage is the default emulator ports, where nothing listens here: a storage call would fail otherwise).
    /// </summary>
    [Theory]
    [InlineData("")]
    [InlineData("not base64 !!")]
    [InlineData("c2hvcnQta2V5")]
    public async Task Start_SampleWithBadOutboxKey_RefusedNamingTheSetting(string value)
    {
        var values = new Dictionary<string, string?>(SampleConfiguration()) { [$"Secrets:Values:{SecretNames.OutboxKeyCurrent}"] = value };
        using var host = BuildHost(values, Environments.Development);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains($"Secrets:Values:{SecretNames.OutboxKeyCurrent}", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_CaptchaAlwaysPassOutsideDevelopment_Refused()
    {
        using var host = BuildHost(SampleConfiguration(), Environments.Production);

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Captcha:Mode=AlwaysPass", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>The function app's service graph on a generic host, as <c>Program.cs</c> builds it, from these settings only.</summary>
    private static IHost BuildHost(IReadOnlyDictionary<string, string?> settings, string environment)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddRecoveryServices(builder.Configuration, builder.Environment);
        builder.ValidateLifetimesInDevelopment();
        return builder.Build();
    }

    /// <summary>The sample's Values as configuration keys (<c>:</c> for <c>__</c>).</summary>
    internal static Dictionary<string, string?> SampleConfiguration()
        => Values.ToDictionary(v => v.Key.Replace("__", ":", StringComparison.Ordinal), v => (string?)v.Value);

    /// <summary>
    /// Settings the sample leaves out on purpose: identities and the vault exist only in Azure, and nothing configured
    /// under ClientAddress means the socket peer, which is what a local run has.
    /// </summary>
    private static bool IsOptionalIdentitySetting(string key)
        => key is "Email__ManagedIdentityClientId" or "Secrets__KeyVaultUri" or "Secrets__ManagedIdentityClientId"
            or "AzureWebJobsStorage__accountName" or "AzureWebJobsStorage__clientId"
            || key.StartsWith("ClientAddress__", StringComparison.Ordinal);

    private static Dictionary<string, string> LoadSample()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "local.settings.sample.json")));
        return document.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
    }
}
