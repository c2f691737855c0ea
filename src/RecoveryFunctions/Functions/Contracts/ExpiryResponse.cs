namespace RecoveryFunctions.Functions;

/// <summary>The new time limit after an extension (ISO 8601, UTC).</summary>
public sealed record ExpiryResponse(DateTimeOffset ExpiresAt);
