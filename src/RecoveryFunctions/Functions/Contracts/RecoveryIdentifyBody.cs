using RecoveryFunctions.Core.Captcha;

namespace RecoveryFunctions.Functions.Contracts;

public sealed record RecoveryIdentifyBody(string Email, string CaptchaId, string? CaptchaText = null, string? CaptchaProof = null)
{
    public CaptchaAnswer Captcha => new(CaptchaId, CaptchaText, CaptchaProof);
}
