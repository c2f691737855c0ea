namespace RecoveryFunctions.Core.Tokens;

/// <summary>Where a token's row lives: partition = expiry bucket (+ shard), row = HMAC of the token.</summary>
public sealed record TokenAddress(string Partition, string Row);
