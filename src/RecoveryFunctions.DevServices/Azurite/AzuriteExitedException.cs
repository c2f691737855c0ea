namespace RecoveryFunctions.DevServices.Azurite;

/// <summary>Azurite stopped before it listened (typically a port taken in the meantime).</summary>
public sealed class AzuriteExitedException(int exitCode)
    : InvalidOperationException($"Azurite exited with code {exitCode} before listening.");
