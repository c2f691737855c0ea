namespace RecoveryFunctions.Core.Captcha;

/// <summary>Draws a captcha challenge as a PNG that holds no machine-readable answer.</summary>
public interface ICaptchaImageRenderer
{
    /// <summary>One random drawing of <paramref name="text"/>, encoded at 1× and at 2× the base size.</summary>
    (byte[] Png, byte[] Png2x) RenderPng(string text);
}
