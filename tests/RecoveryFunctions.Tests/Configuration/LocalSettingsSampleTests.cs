using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Hosting;
using RecoveryFunctions.DevServices.Azurite;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Configuration;

/// <summary>local.settings.sample.json lists every setting, and its values pass the app's own start-up validation.</summary>
public sealed class LocalSettingsSampleTests
{
    private static readonly Dictionary<string, string> Values = LoadSample();

    public static TheoryData<string> SettingKeys()
    {
        var data = new TheoryData<string>();
        var optionTypes = typeof(RecoveryOptions).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(RecoveryOptions).Namespace && t.GetField("SectionName") is not null);
        foreach (var type in optionTypes)
        {
            var section = (string)type.GetField("SectionName")!.GetValue(null)!;
            foreach (var key in Keys(type, section))
            {
                data.Add(key);
            }
        }

        data.Add("AzureWebJobsStorage");
        data.Add("Storage__TablePrefix");
        data.Add("Storage__EmailQueueName");
        data.Add("Storage__EmailNotificationQueueName");
        return data;
    }

    /// <summary>Every bindable property's key; a nested options class (Captcha:ProofOfWork) is a sub-section.</summary>
    private static IEnumerable<string> Keys(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.PropertyType != typeof(Dictionary<string, string>)))
        {
            var key = $"{prefix}__{property.Name}";
            var nested = property.PropertyType.IsClass && property.PropertyType.Namespace == typeof(RecoveryOptions).Namespace;
            foreach (var expanded in nested ? Keys(property.PropertyType, key) : [property.PropertyType.IsArray ? key + "__0" : key])
            {
                yield return expanded;
            }
        }
    }

    [Theory]
    [MemberData(nameof(SettingKeys))]
    public void Sample_EverySetting_Listed(string key)
    {
        Assert.True(Values.ContainsKey(key) || IsOptionalIdentitySetting(key), $"local.settings.sample.json lacks {key}");
    }

    [Fact]
    public void Sample_Values_PassStartupValidation()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(Values.ToDictionary(v => v.Key.Replace("__", ":", StringComparison.Ordinal), v => (string?)v.Value))
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddRecoveryServices(configuration, new TestHostEnvironment(Environments.Development));
        using var provider = services.BuildServiceProvider();

        _ = provider.GetRequiredService<IOptions<RecoveryOptions>>().Value;
        _ = provider.GetRequiredService<IOptions<EmailOptions>>().Value;
        _ = provider.GetRequiredService<IOptions<CaptchaOptions>>().Value;
        _ = provider.GetRequiredService<IOptions<PasswordOptions>>().Value;
        _ = provider.GetRequiredService<IOptions<ThrottleOptions>>().Value;
        _ = provider.GetRequiredService<IOptions<SecretsOptions>>().Value;
        _ = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
    }

    [Fact]
    public void CaptchaAlwaysPass_OutsideDevelopment_RefusedAtStart()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(Values.ToDictionary(v => v.Key.Replace("__", ":", StringComparison.Ordinal), v => (string?)v.Value))
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddRecoveryServices(configuration, new TestHostEnvironment(Environments.Production));
        using var provider = services.BuildServiceProvider();

        var refused = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<CaptchaOptions>>().Value);
        Assert.Contains("Captcha:Mode=AlwaysPass", refused.Message, StringComparison.Ordinal);
    }

    private static bool IsOptionalIdentitySetting(string key)
        => key is "Email__ManagedIdentityClientId" or "Secrets__KeyVaultUri" or "Secrets__ManagedIdentityClientId" or "Email__SenderDisplayName";

    private static Dictionary<string, string> LoadSample()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "local.settings.sample.json")));
        return document.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
    }
}
