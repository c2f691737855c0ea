namespace RecoveryFunctions.Functions.Contracts;

/// <param name="Status"><c>ok</c> or <c>degraded</c> (503).</param>
/// <param name="Storage"><c>ok</c> or <c>unavailable</c>.</param>
/// <param name="KeyVault"><c>ok</c>, <c>unavailable</c> or <c>not-configured</c>.</param>
/// <param name="CheckedAt">When the dependencies were read (readings are shared for a few seconds).</param>
public sealed record HealthResponse(string Status, string Storage, string KeyVault, HealthOutbox Outbox, DateTimeOffset CheckedAt);

/// <summary>Approximate message counts (null when the queue did not answer) and the age of the oldest visible message.</summary>
public sealed record HealthOutbox(long? Depth, long? Poison, long? OldestAgeSeconds);
