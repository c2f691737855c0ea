namespace RecoveryFunctions.Infrastructure.Secrets;

/// <summary>A secret value (null when absent) and the instant after which it must be read again.</summary>
internal sealed record CachedSecret(string? Value, DateTimeOffset RefreshAt);
