using Azure;
using Azure.Security.KeyVault.Secrets;
using RecoveryFunctions.Core.Secrets;

namespace RecoveryFunctions.Infrastructure.Secrets;

/// <summary>
/// Reads the latest enabled version of a secret from Azure Key Vault. Uncached: wrap it in
/// <see cref="CachingSecretSource"/> so every token check does not cost a vault round trip.
/// </summary>
public sealed class KeyVaultSecretSource(SecretClient client) : ISecretSource
{
    public async ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        try
        {
            Response<KeyVaultSecret> response = await client.GetSecretAsync(name, cancellationToken: cancellationToken);
            return response.Value.Value;
        }
        catch (RequestFailedException error) when (error.Status == 404)
        {
            // Absent is a normal state (e.g. no previous token key yet); anything else is an outage or a permission problem.
            return null;
        }
    }
}
