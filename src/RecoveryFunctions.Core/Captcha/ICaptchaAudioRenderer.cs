namespace RecoveryFunctions.Core.Captcha;

/// <summary>Reads a captcha's characters aloud, with noise, as a WAV file: the image's alternative (RGAA 1.5).</summary>
public interface ICaptchaAudioRenderer
{
    /// <param name="language">"fr" or "en".</param>
    byte[] RenderWav(string text, string language);
}
