namespace RecoveryFunctions.Core.Captcha;

public sealed record CaptchaChallenge(string CaptchaId, byte[] Png, DateTimeOffset ExpiresAt);
