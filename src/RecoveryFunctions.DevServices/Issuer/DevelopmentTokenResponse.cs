namespace RecoveryFunctions.DevServices.Issuer;

public sealed record DevelopmentTokenResponse(string AccessToken, DateTimeOffset ExpiresAt);
