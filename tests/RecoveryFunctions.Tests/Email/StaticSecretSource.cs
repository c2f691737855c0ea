using RecoveryFunctions.Core.Secrets;

namespace RecoveryFunctions.Tests.Email;

/// <summary>Secrets from a dictionary, for tests.</summary>
internal sealed class StaticSecretSource(IReadOnlyDictionary<string, string> secrets) : ISecretSource
{
    public ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(secrets.TryGetValue(name, out var value) ? value : null);
}
