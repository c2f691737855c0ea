using RecoveryFunctions.Core.Captcha;

namespace RecoveryFunctions.TestSupport;

/// <summary>Keeps the text it was asked to draw, which only the person looking at the image would know.</summary>
public sealed class RecordingCaptchaRenderer : ICaptchaImageRenderer
{
    public string LastText { get; private set; } = "";

    public (byte[] Png, byte[] Png2x) RenderPng(string text)
    {
        LastText = text;
        return ([0x89, 0x50, 0x4E, 0x47], [0x89, 0x50, 0x4E, 0x47]);
    }
}
