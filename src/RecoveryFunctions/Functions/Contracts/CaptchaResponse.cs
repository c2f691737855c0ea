namespace RecoveryFunctions.Functions.Contracts;

public sealed record CaptchaResponse(string CaptchaId, string Image, DateTimeOffset ExpiresAt, string Purpose);
