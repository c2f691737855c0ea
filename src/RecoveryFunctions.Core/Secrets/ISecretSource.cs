namespace RecoveryFunctions.Core.Secrets;

/// <summary>Reads secrets by name; implementations cache and refresh so rotation needs no restart.</summary>
public interface ISecretSource
{
    /// <returns>The secret value, or null when it does not exist.</returns>
    ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken = default);
}
