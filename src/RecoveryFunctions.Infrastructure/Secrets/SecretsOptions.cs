using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Secrets;

namespace RecoveryFunctions.Infrastructure.Secrets;

public enum SecretSourceKind
{
    /// <summary>Secrets come from configuration (local development and tests).</summary>
    Configuration,

    /// <summary>Secrets come from Azure Key Vault through DefaultAzureCredential.</summary>
    KeyVault,
}

/// <summary>Where token HMAC keys and the ACS access key come from.</summary>
public sealed class SecretsOptions
{
    public const string SectionName = "Secrets";

    public SecretSourceKind Source { get; set; } = SecretSourceKind.Configuration;

    /// <summary>Vault URI, e.g. https://kv-recovery.vault.azure.net/ (KeyVault only).</summary>
    public Uri? KeyVaultUri { get; set; }

    /// <summary>Client id of the user-assigned managed identity used for Key Vault.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>How long a secret read from Key Vault is kept before it is read again (rotation).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Configuration-source values, keyed by secret name (<see cref="SecretNames"/>).</summary>
    public Dictionary<string, string> Values { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Stops the app at start when the secret source is misconfigured, naming the offending key.</summary>
public sealed class SecretsOptionsValidator() : OptionsValidator<SecretsOptions>(SecretsOptions.SectionName)
{
    protected override void Check(SecretsOptions options, List<string> failures)
    {
        if (!Enum.IsDefined(options.Source))
        {
            failures.Add($"{Key(nameof(options.Source))} must be Configuration or KeyVault.");
        }

        if (options.Source == SecretSourceKind.KeyVault && !IsHttps(options.KeyVaultUri))
        {
            failures.Add($"{Key(nameof(options.KeyVaultUri))} must be an absolute https URI (e.g. https://kv-recovery.vault.azure.net/) when {Key(nameof(options.Source))} is KeyVault.");
        }

        if (options.RefreshInterval <= TimeSpan.Zero)
        {
            failures.Add($"{Key(nameof(options.RefreshInterval))} must be positive (e.g. 00:05:00).");
        }
    }

    private static bool IsHttps(Uri? uri) =>
        uri is { IsAbsoluteUri: true } && string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase);
}
