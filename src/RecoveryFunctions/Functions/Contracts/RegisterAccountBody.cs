using RecoveryFunctions.Core.Captcha;

namespace RecoveryFunctions.Functions.Contracts;

public sealed record RegisterAccountBody(
    string Email,
    string Password,
    int SecurityQuestionId,
    string SecurityAnswer,
    string CaptchaId,
    string? CaptchaText = null,
    string? Phone = null,
    string? Language = null,
    string? CaptchaProof = null)
{
    public CaptchaAnswer Captcha => new(CaptchaId, CaptchaText, CaptchaProof);
}
