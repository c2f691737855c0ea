using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Secrets;

namespace RecoveryFunctions.Infrastructure.Secrets;

/// <summary>
/// Secrets from the <c>Secrets:Values</c> configuration section (local development and tests).
/// Reads through <see cref="IOptionsMonitor{TOptions}"/> so a reloaded configuration rotates keys without restart.
/// </summary>
public sealed class ConfigurationSecretSource(IOptionsMonitor<SecretsOptions> options) : ISecretSource
{
    public ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        cancellationToken.ThrowIfCancellationRequested();

        // An empty placeholder in appsettings means "not configured", the same as a missing key.
        var value = options.CurrentValue.Values.TryGetValue(name, out var configured) && !string.IsNullOrEmpty(configured)
            ? configured
            : null;
        return ValueTask.FromResult(value);
    }
}
