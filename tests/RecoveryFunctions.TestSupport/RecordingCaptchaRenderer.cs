using RecoveryFunctions.Core.Captcha;

namespace RecoveryFunctions.TestSupport;

/// <summary>Keeps the text it was asked to draw, which only the person looking at the image would know.</summary>
public sealed class RecordingCaptchaRenderer : ICaptchaImageRenderer
{
    public string LastText { get; private set; } = "";

    /// <summary>Every drawing asked for, in order: its text, scale and drawing key (hex).</summary>
    public List<(string Text, int Scale, string DrawingKey)> Drawings { get; } = [];

    public byte[] RenderPng(string text, ReadOnlySpan<byte> drawingKey, int scale)
    {
        LastText = text;
        Drawings.Add((text, scale, Convert.ToHexString(drawingKey)));
        return [0x89, 0x50, 0x4E, 0x47, (byte)scale];
    }
}
