namespace RecoveryFunctions.Core.Tokens;

/// <summary>A token's record with its storage address and version, for ETag-guarded single use.</summary>
public sealed record StoredToken(TokenAddress Address, TokenRecord Record, string Version);
