namespace RecoveryFunctions.Functions.Contracts;

public sealed record RecoveryIdentifyBody(string Email, string CaptchaId, string CaptchaText);
