using SkiaSharp;

namespace RecoveryFunctions.Infrastructure.Captcha;

/// <summary>A sine displacement of the whole picture, so glyph strokes and noise curves bend together.</summary>
internal readonly record struct CaptchaWarp(float AmplitudeY, float PeriodX, float PhaseX, float AmplitudeX, float PeriodY, float PhaseY)
{
    public SKPoint Apply(SKPoint point) => new(
        point.X + (AmplitudeX * MathF.Sin((MathF.Tau * point.Y / PeriodY) + PhaseY)),
        point.Y + (AmplitudeY * MathF.Sin((MathF.Tau * point.X / PeriodX) + PhaseX)));
}
