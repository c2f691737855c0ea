namespace RecoveryFunctions.Functions.Contracts;

public sealed record UsernameRecoveryBody(string SubscriberNumber, string CaptchaId, string CaptchaText);
