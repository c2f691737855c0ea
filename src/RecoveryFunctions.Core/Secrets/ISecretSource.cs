namespace RecoveryFunctions.Core.Secrets;

/// <summary>Reads secrets by name; implementations cache and refresh so rotation needs no restart.</summary>
public interface ISecretSource
{
    /// <returns>The secret value, or null when it does not exist.</returns>
    ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads past any cache, for a caller holding proof that the value changed (a message sealed under a key another
    /// instance read first). A caching source bounds how often; a source without a cache reads as usual.
    /// </summary>
    ValueTask<string?> GetFreshSecretAsync(string name, CancellationToken cancellationToken = default) => GetSecretAsync(name, cancellationToken);
}
