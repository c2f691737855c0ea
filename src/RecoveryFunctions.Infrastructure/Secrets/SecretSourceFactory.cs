using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Secrets;

namespace RecoveryFunctions.Infrastructure.Secrets;

/// <summary>Builds the <see cref="ISecretSource"/> that <see cref="SecretsOptions.Source"/> asks for.</summary>
public static class SecretSourceFactory
{
    public static ISecretSource Create(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.GetRequiredService<IOptions<SecretsOptions>>();

        return options.Value.Source switch
        {
            SecretSourceKind.Configuration =>
                new ConfigurationSecretSource(services.GetRequiredService<IOptionsMonitor<SecretsOptions>>()),
            SecretSourceKind.KeyVault => new CachingSecretSource(
                // A SecretClient registered by the host (or a test) wins over the default one.
                new KeyVaultSecretSource(services.GetService<SecretClient>() ?? CreateSecretClient(options.Value)),
                options,
                services.GetService<TimeProvider>() ?? TimeProvider.System,
                services.GetService<ILogger<CachingSecretSource>>() ?? NullLogger<CachingSecretSource>.Instance),
            _ => throw new InvalidOperationException($"{SecretsOptions.SectionName}:Source '{options.Value.Source}' is not supported."),
        };
    }

    /// <summary>Key Vault client authenticated as the app's managed identity (or the developer's login locally).</summary>
    public static SecretClient CreateSecretClient(SecretsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var vaultUri = options.KeyVaultUri
            ?? throw new InvalidOperationException($"{SecretsOptions.SectionName}:KeyVaultUri is required when {SecretsOptions.SectionName}:Source is KeyVault.");

        var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            // Null selects the system-assigned identity; a client id selects a user-assigned one.
            ManagedIdentityClientId = string.IsNullOrWhiteSpace(options.ManagedIdentityClientId) ? null : options.ManagedIdentityClientId,
        });
        return new SecretClient(vaultUri, credential);
    }
}
