namespace RecoveryFunctions.Core.Sessions;

public sealed record SessionGrant(string SessionToken, DateTimeOffset ExpiresAt);
