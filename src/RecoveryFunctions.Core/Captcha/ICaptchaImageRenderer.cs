namespace RecoveryFunctions.Core.Captcha;

/// <summary>Draws a captcha challenge as a PNG that holds no machine-readable answer.</summary>
public interface ICaptchaImageRenderer
{
    /// <summary>The largest scale drawn: 2× serves high-density screens and zoom.</summary>
    const int MaxScale = 2;

    /// <summary>
    /// One drawing of <paramref name="text"/> at <paramref name="scale"/> × the base size. Its random choices come
    /// from the secret <paramref name="drawingKey"/>: the same key draws the same picture at every scale.
    /// </summary>
    byte[] RenderPng(string text, ReadOnlySpan<byte> drawingKey, int scale);
}
