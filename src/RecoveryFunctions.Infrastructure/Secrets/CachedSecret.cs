namespace RecoveryFunctions.Infrastructure.Secrets;

/// <summary>A secret value (null when absent), the instant after which it must be read again, and when it was last read (or tried).</summary>
internal sealed record CachedSecret(string? Value, DateTimeOffset RefreshAt, DateTimeOffset ReadAt);
