using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Options;

namespace RecoveryFunctions.Infrastructure.Secrets;

/// <summary>Stops the app at start when the secret source is misconfigured, naming the offending key.</summary>
public sealed class SecretsOptionsValidator : IValidateOptions<SecretsOptions>
{
    public ValidateOptionsResult Validate(string? name, SecretsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var section = SecretsOptions.SectionName;

        if (!Enum.IsDefined(options.Source))
        {
            failures.Add($"{section}:Source must be Configuration or KeyVault.");
        }

        if (options.Source == SecretSourceKind.KeyVault && !IsHttps(options.KeyVaultUri))
        {
            failures.Add($"{section}:KeyVaultUri must be an absolute https URI (e.g. https://kv-recovery.vault.azure.net/) when {section}:Source is KeyVault.");
        }

        if (options.RefreshInterval <= TimeSpan.Zero)
        {
            failures.Add($"{section}:RefreshInterval must be positive (e.g. 00:05:00).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttps(Uri? uri) =>
        uri is { IsAbsoluteUri: true } && string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase);
}
