namespace RecoveryFunctions.Core.Captcha;

/// <summary>The step a captcha is issued for (contract §4: bound to its step); solved for one, it fails every other.</summary>
public enum CaptchaPurpose
{
    Registration,
    PasswordRecovery,
    UsernameRecovery,
    AssistanceRequest,
}
