using System.Text.Json;

namespace RecoveryFunctions.HostSubstitute;

/// <summary>
/// The CORS list as Core Tools reads it: <c>Host:CORS</c> (comma-separated origins) and
/// <c>Host:CORSCredentials</c>, from the <c>Host</c> section of <c>src/RecoveryFunctions/local.settings.json</c>
/// (the file <c>func start</c> reads) or, before anyone copied it, of <c>local.settings.sample.json</c>.
/// In Azure the same list is <c>siteConfig.cors</c> (infra/modules/functionapp.bicep).
/// </summary>
public sealed record HostCorsSettings(IReadOnlyList<string> Origins, bool SupportCredentials)
{
    public const string OriginsKey = "Host:CORS";
    public const string CredentialsKey = "Host:CORSCredentials";

    public static HostCorsSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var origins = (configuration[OriginsKey] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new HostCorsSettings(origins, configuration.GetValue<bool>(CredentialsKey));
    }

    /// <summary>The two settings from the local settings file (the developer's copy first, else the sample).</summary>
    public static Dictionary<string, string?> LoadLocalSettings(string repositoryRoot)
        => ReadHostSection(new[] { Path.Combine(repositoryRoot, "src", "RecoveryFunctions", "local.settings.json"), Path.Combine(repositoryRoot, "local.settings.sample.json") }
            .First(File.Exists));

    internal static Dictionary<string, string?> ReadHostSection(string localSettingsFile)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(localSettingsFile));
        var settings = new Dictionary<string, string?>();
        if (document.RootElement.TryGetProperty("Host", out var host))
        {
            foreach (var (key, name) in new[] { (OriginsKey, "CORS"), (CredentialsKey, "CORSCredentials") })
            {
                if (host.TryGetProperty(name, out var value))
                {
                    settings[key] = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
                }
            }
        }

        return settings;
    }
}
