namespace RecoveryFunctions.LocalHost.Assistance;

public sealed record DevelopmentTokenResponse(string AccessToken, DateTimeOffset ExpiresAt);
