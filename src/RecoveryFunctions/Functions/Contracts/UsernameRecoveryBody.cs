using RecoveryFunctions.Core.Captcha;

namespace RecoveryFunctions.Functions.Contracts;

public sealed record UsernameRecoveryBody(string SubscriberNumber, string CaptchaId, string? CaptchaText = null, string? CaptchaProof = null)
{
    public CaptchaAnswer Captcha => new(CaptchaId, CaptchaText, CaptchaProof);
}
