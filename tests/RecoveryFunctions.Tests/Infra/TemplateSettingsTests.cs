using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Secrets;
using RecoveryFunctions.Hosting;
using RecoveryFunctions.Infrastructure.Email;
using RecoveryFunctions.Infrastructure.Secrets;
using RecoveryFunctions.Infrastructure.Storage;
using RecoveryFunctions.Tests.Configuration;

namespace RecoveryFunctions.Tests.Infra;

/// <summary>
/// The Bicep template must give the function app every setting it reads at start-up, in the modes that
/// are valid in Azure, and no secret: a deployment never starts half-configured.
/// </summary>
public sealed partial class TemplateSettingsTests(BicepTemplate template) : IClassFixture<BicepTemplate>
{
    /// <summary>Settings the app or the host needs in Azure that no [Required] attribute expresses.</summary>
    public static TheoryData<string> AzureSettings =>
    [
        StorageOptions.AccountNameKey.Replace(":", "__", StringComparison.Ordinal),
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "Storage__TablePrefix",
        "Storage__EmailQueueName",
        "Secrets__Source",
        "Secrets__KeyVaultUri",
        "Secrets__ManagedIdentityClientId",
        "Secrets__RefreshInterval",
        "Email__Authentication",
        "Email__ManagedIdentityClientId",
        "Captcha__Mode",
        "Password__Profile",
        "AzureWebJobsDisableHomepage",
        "Cleanup__Schedule",
        "AZURE_FUNCTIONS_ENVIRONMENT",
        "ASPNETCORE_ENVIRONMENT",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
    ];

    /// <summary>Settings Flex Consumption rejects or that would carry a credential.</summary>
    public static TheoryData<string> ForbiddenSettings =>
    [
        "FUNCTIONS_EXTENSION_VERSION",
        "FUNCTIONS_WORKER_RUNTIME",
        "FUNCTIONS_WORKER_RUNTIME_VERSION",
        "WEBSITE_RUN_FROM_PACKAGE",
        "WEBSITE_CONTENTSHARE",
        "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
        StorageOptions.ConnectionStringKey,
        "APPINSIGHTS_INSTRUMENTATIONKEY",
        "Email__AccessKey",
        "Email__ConnectionString",
    ];

    [Fact]
    public void AppSettings_EveryRequiredOptionsProperty_IsSet()
    {
        var required = RequiredOptionsSettings();

        Assert.Contains("Recovery__FrontEndBaseUrl", required);
        Assert.Contains("Email__SenderAddress", required);
        Assert.Contains("Cleanup__Schedule", required);
        var missing = required.Where(name => !template.AppSettings.ContainsKey(name)).ToList();
        Assert.True(missing.Count == 0, $"Required settings missing from the template: {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(AzureSettings))]
    public void AppSettings_AzureSetting_IsSet(string name)
    {
        Assert.True(template.AppSettings.ContainsKey(name), $"{name} is not set by infra/modules/functionapp.bicep.");
    }

    [Theory]
    [MemberData(nameof(ForbiddenSettings))]
    public void AppSettings_LegacyOrCredentialSetting_IsAbsent(string name)
    {
        Assert.False(template.AppSettings.ContainsKey(name), $"{name} must not be set on Flex Consumption with identity-based connections.");
    }

    [Fact]
    public void AppSettings_Modes_AreTheAzureOnes()
    {
        Assert.Equal(SecretSourceKind.KeyVault, Enum.Parse<SecretSourceKind>(template.AppSettings["Secrets__Source"]));
        Assert.Equal(EmailAuthentication.ManagedIdentity, Enum.Parse<EmailAuthentication>(template.AppSettings["Email__Authentication"]));
        Assert.Equal(CaptchaMode.Image, Enum.Parse<CaptchaMode>(template.AppSettings["Captcha__Mode"]));
        Assert.Equal("managedidentity", template.AppSettings["AzureWebJobsStorage__credential"]);
        Assert.Equal("Production", template.AppSettings["AZURE_FUNCTIONS_ENVIRONMENT"]);
        Assert.Equal("Production", template.AppSettings["ASPNETCORE_ENVIRONMENT"]);
        Assert.Contains("Authorization=AAD", template.AppSettings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
    }

    [Fact]
    public void AppSettings_Values_ContainNoSecret()
    {
        string[] markers = ["AccountKey=", "SharedAccessSignature", "sig=", "InstrumentationKey=", "AccessKey=", "ClientSecret", "password="];
        foreach (var (name, value) in template.AppSettings)
        {
            foreach (var marker in markers)
            {
                Assert.False(value.Contains(marker, StringComparison.OrdinalIgnoreCase), $"{name} looks like it carries a credential ({marker}).");
            }

            Assert.False(LongBase64().IsMatch(value), $"{name} holds a literal that looks like a key.");
            Assert.False(name.StartsWith("Secrets__Values__", StringComparison.Ordinal), $"{name}: secrets come from Key Vault in Azure, never from app settings.");
        }
    }

    [Fact]
    public void Template_Everywhere_ListsNoKeysOrConnectionStrings()
    {
        var text = template.Json.ToJsonString();

        // listKeys(), listConnectionStrings(), listAccountSas()... would put a credential in a deployment.
        Assert.DoesNotMatch(ListFunction(), text);
        Assert.DoesNotContain("AccountKey=", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Template_Defaults_MatchOptionsDefaults()
    {
        var parameters = template.Json["parameters"]!;

        Assert.Equal(new StorageOptions().TablePrefix, DefaultOf(parameters, "tablePrefix"));
        Assert.Equal(new StorageOptions().EmailQueueName, DefaultOf(parameters, "emailQueueName"));
        Assert.Equal(new PasswordOptions().Profile.ToString(), DefaultOf(parameters, "passwordProfile"));
        Assert.Equal(new RecoveryOptions().Profile.ToString(), DefaultOf(parameters, "recoveryProfile"));
        Assert.Equal(new ServiceOptions().Name, DefaultOf(parameters, "serviceName"));
        Assert.Equal(new ServiceOptions().EnglishName, DefaultOf(parameters, "serviceEnglishName"));
        Assert.Equal(new ServiceOptions().Brand, DefaultOf(parameters, "serviceBrand"));
        Assert.Equal(new ServiceOptions().Address, DefaultOf(parameters, "serviceAddress"));
        Assert.Equal(new CleanupScheduleOptions().Schedule, DefaultOf(parameters, "cleanupSchedule"));
        Assert.Equal(
            new SecretsOptions().RefreshInterval,
            TimeSpan.Parse(DefaultOf(parameters, "keyVaultRefreshInterval"), CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The ACS send request has no field for the sender's display name (senderAddress is a bare address): ACS takes it
    /// from the sender username resource, so the template sets it there and gives the app no setting it could not use.
    /// </summary>
    [Fact]
    public void SenderDisplayName_OnTheSenderUsernames_NotAnAppSetting()
    {
        var senders = BicepTemplate.FindResources(template.Json, "Microsoft.Communication/emailServices/domains/senderUsernames").ToList();

        Assert.Equal(2, senders.Count);
        Assert.All(senders, sender => Assert.Equal("[parameters('senderDisplayName')]", sender["properties"]!["displayName"]!.GetValue<string>()));
        Assert.Equal("Espace professionnel", DefaultOf(template.Json["parameters"]!, "emailSenderDisplayName"));
        Assert.DoesNotContain(template.AppSettings.Keys, name => name.Contains("DisplayName", StringComparison.OrdinalIgnoreCase));
        Assert.Null(typeof(AcsEmailOptions).GetProperty("SenderDisplayName"));
    }

    [Fact]
    public void Template_KeySecrets_MatchSecretNames()
    {
        var text = template.Json.ToJsonString();

        Assert.Contains($"\"{SecretNames.TokenKeyCurrent}\"", text, StringComparison.Ordinal);
        Assert.Contains($"\"{SecretNames.TokenKeyPrevious}\"", text, StringComparison.Ordinal);
        Assert.Contains($"\"{SecretNames.OutboxKeyCurrent}\"", text, StringComparison.Ordinal);
        Assert.Contains($"\"{SecretNames.OutboxKeyPrevious}\"", text, StringComparison.Ordinal);
    }

    /// <summary>The deployment script creates the outbox keys with exactly the size the app accepts (AES-256), or it would not start.</summary>
    [Theory]
    [InlineData(SecretNames.OutboxKeyCurrent)]
    [InlineData(SecretNames.OutboxKeyPrevious)]
    public void Template_OutboxKeySecrets_GeneratedAtTheSizeTheAppAccepts(string name)
    {
        var entries = Descendants(template.Json).OfType<JsonObject>()
            .Where(o => o["name"] is JsonValue value && value.TryGetValue<string>(out var text) && text == name && o.ContainsKey("bytes"))
            .ToList();

        var entry = Assert.Single(entries);
        Assert.Equal(Infrastructure.Storage.OutboxKeyRing.KeyBytes, entry["bytes"]!.GetValue<int>());
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode? node)
    {
        if (node is null)
        {
            yield break;
        }

        yield return node;
        var children = node switch
        {
            JsonObject obj => obj.Select(p => p.Value),
            JsonArray array => array.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.SelectMany(Descendants))
        {
            yield return child;
        }
    }

    [Fact]
    public void Site_Configuration_IsFlexDotnetIsolated10HttpsOnly()
    {
        var properties = template.Site["properties"]!;

        Assert.True(properties["httpsOnly"]!.GetValue<bool>());
        Assert.Equal("1.2", properties["siteConfig"]!["minTlsVersion"]!.GetValue<string>());
        Assert.Equal("dotnet-isolated", properties["functionAppConfig"]!["runtime"]!["name"]!.GetValue<string>());
        Assert.Equal("10.0", properties["functionAppConfig"]!["runtime"]!["version"]!.GetValue<string>());
        Assert.Equal(
            "UserAssignedIdentity",
            properties["functionAppConfig"]!["deployment"]!["storage"]!["authentication"]!["type"]!.GetValue<string>());
        var plan = Assert.Single(BicepTemplate.FindResources(template.Json, "Microsoft.Web/serverfarms"));
        Assert.Equal("FC1", plan["sku"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Site_Cors_IsThePlatformsFromTheFrontEndOrigins()
    {
        var cors = template.Site["properties"]!["siteConfig"]!["cors"]!;
        var functionApp = BicepTemplate.FindResources(template.Json, "Microsoft.Resources/deployments")
            .Single(d => d["properties"]?["template"] == template.TemplateOf(template.Site));

        // The function app module's own parameter, which the resources module fills by default with the origin of
        // frontEndBaseUrl, or of the static web app serving the front ends when frontEndBaseUrl is empty.
        Assert.Equal("[parameters('corsAllowedOrigins')]", cors["allowedOrigins"]!.GetValue<string>());
        Assert.False(cors["supportCredentials"]!.GetValue<bool>());
        Assert.Contains(
            "createArray(format('{0}//{1}', split(if(empty(parameters('frontEndBaseUrl')), format('https://{0}', reference('web').outputs.defaultHostName.value), parameters('frontEndBaseUrl')), '/')[0]",
            functionApp["properties"]!["parameters"]!["corsAllowedOrigins"]!.GetValue<string>(),
            StringComparison.Ordinal);
        Assert.DoesNotContain(template.AppSettings.Keys, name => name.StartsWith("Cors__", StringComparison.Ordinal));
    }

    [Fact]
    public void Site_Homepage_IsDisabledAsOnTheLocalHost()
    {
        Assert.Equal("true", template.AppSettings["AzureWebJobsDisableHomepage"]);
    }

    /// <summary>The main account and the table accounts of the deadline night (table-storage.bicep) alike.</summary>
    [Fact]
    public void Storage_SharedKeyAccess_IsDisabled()
    {
        var accounts = BicepTemplate.FindResources(template.Json, "Microsoft.Storage/storageAccounts").ToList();

        Assert.Equal(2, accounts.Count);
        Assert.All(accounts, account =>
        {
            Assert.False(account["properties"]!["allowSharedKeyAccess"]!.GetValue<bool>());
            Assert.Equal("TLS1_2", account["properties"]!["minimumTlsVersion"]!.GetValue<string>());
        });
    }

    [Fact]
    public void KeyVault_Protection_IsRbacSoftDeleteAndPurgeProtection()
    {
        var vault = Assert.Single(BicepTemplate.FindResources(template.Json, "Microsoft.KeyVault/vaults"));
        var properties = vault["properties"]!;

        Assert.True(properties["enableRbacAuthorization"]!.GetValue<bool>());
        Assert.True(properties["enableSoftDelete"]!.GetValue<bool>());
        Assert.True(properties["enablePurgeProtection"]!.GetValue<bool>());
    }

    [Fact]
    public void ApplicationInsights_LocalAuth_IsDisabledAndIpMasked()
    {
        var component = Assert.Single(BicepTemplate.FindResources(template.Json, "Microsoft.Insights/components"));

        Assert.True(component["properties"]!["DisableLocalAuth"]!.GetValue<bool>());
        Assert.False(component["properties"]!["DisableIpMasking"]!.GetValue<bool>());
    }

    /// <summary>{Section}__{Property} for every [Required] property of every options class with a SectionName, wherever it lives.</summary>
    private static List<string> RequiredOptionsSettings()
        => [.. OptionsCatalog.Sectioned().SelectMany(s => s.Options.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<RequiredAttribute>() is not null)
            .Select(p => $"{s.Section}__{p.Name}"))];

    private static string DefaultOf(JsonNode parameters, string name) =>
        parameters[name]?["defaultValue"]?.GetValue<string>()
        ?? throw new InvalidOperationException($"main.bicep has no parameter '{name}' with a default.");

    // 32+ characters of base64 with no ARM expression around them: a pasted key.
    [GeneratedRegex(@"^(?!\[)[A-Za-z0-9+/]{32,}={0,2}$")]
    private static partial Regex LongBase64();

    [GeneratedRegex(@"\blist[A-Za-z]*\(")]
    private static partial Regex ListFunction();
}
