namespace RecoveryFunctions.Core.Tokens;

/// <summary>A decoded key ring and the secret texts it came from, so it is rebuilt only when they change.</summary>
internal sealed record CachedTokenKeyRing(string CurrentText, string? PreviousText, TokenKeyRing Ring);
