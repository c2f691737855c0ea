namespace RecoveryFunctions.Core.Captcha;

/// <summary>Draws a captcha challenge as a PNG that holds no machine-readable answer.</summary>
public interface ICaptchaImageRenderer
{
    byte[] RenderPng(string text);
}
