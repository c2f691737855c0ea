using System.Security.Cryptography;
using RecoveryFunctions.Core.Captcha;
using SkiaSharp;

namespace RecoveryFunctions.Infrastructure.Captcha;

/// <summary>
/// Draws captcha text as distorted vector strokes with crossing noise, encoded as a bare PNG.
/// Every random choice comes from <see cref="RandomNumberGenerator"/> so the distortion cannot be
/// predicted from earlier images.
/// </summary>
public sealed class SkiaCaptchaImageRenderer : ICaptchaImageRenderer
{
    public const int Width = 220;
    public const int Height = 80;

    /// <summary>Beyond this the glyphs get too narrow to read at this image size.</summary>
    public const int MaxLength = 10;

    private const float Margin = 14f;

    public byte[] RenderPng(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        if (text.Length > MaxLength)
        {
            throw new ArgumentException($"Captcha text is limited to {MaxLength} characters.", nameof(text));
        }

        foreach (var character in text)
        {
            if (!CaptchaAlphabet.Characters.Contains(character, StringComparison.Ordinal))
            {
                // The character itself stays out of the message: it is part of a captcha answer.
                throw new ArgumentException("Captcha text contains a character outside the captcha alphabet.", nameof(text));
            }
        }

        var info = new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info)
            ?? throw new InvalidOperationException("Skia could not create a raster surface.");
        var canvas = surface.Canvas;

        DrawBackground(canvas);
        var warp = CreateWarp();
        DrawGlyphs(canvas, text, warp);
        DrawNoiseCurves(canvas, warp);
        DrawNoiseDots(canvas);

        // Snapshot + encode writes only the image chunks (IHDR/IDAT/IEND): no text metadata.
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException("Skia could not encode the captcha as PNG.");
        return data.ToArray();
    }

    private static void DrawBackground(SKCanvas canvas)
    {
        var hue = Uniform(0, 360);
        canvas.Clear(SKColor.FromHsl(hue, Uniform(20, 45), Uniform(90, 95)));

        // Soft blotches in a neighbouring hue so the background is not a flat colour to subtract.
        using var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill };
        for (var i = 0; i < 6; i++)
        {
            paint.Color = SKColor.FromHsl((hue + Uniform(-40, 40) + 360) % 360, Uniform(25, 55), Uniform(82, 90));
            canvas.DrawCircle(Uniform(0, Width), Uniform(0, Height), Uniform(10, 28), paint);
        }
    }

    private static void DrawGlyphs(SKCanvas canvas, string text, CaptchaWarp warp)
    {
        var cellWidth = (Width - (2 * Margin)) / text.Length;
        using var paint = new SKPaint
        {
            IsAntialias = true,
            Style = SKPaintStyle.Stroke,
            StrokeCap = SKStrokeCap.Round,
            StrokeJoin = SKStrokeJoin.Round,
        };

        for (var i = 0; i < text.Length; i++)
        {
            var glyphHeight = Uniform(38, 46);
            var glyphWidth = Math.Min(glyphHeight * Uniform(0.6f, 0.75f), cellWidth * 1.05f);
            var centreX = Margin + (cellWidth * (i + 0.5f)) + Uniform(-2.5f, 2.5f);
            var centreY = (Height / 2f) + Uniform(-7, 7);
            var angle = Uniform(-0.35f, 0.35f); // about ±20°
            var (sin, cos) = MathF.SinCos(angle);
            // Slight: independent per-point noise above ~1 px turns strokes into scribbles.
            var jitter = glyphHeight * 0.014f;

            paint.Color = DarkColour();
            paint.StrokeWidth = Uniform(2.8f, 4.2f);

            using var builder = new SKPathBuilder();
            foreach (var stroke in CaptchaGlyphs.Get(text[i]))
            {
                for (var p = 0; p < stroke.Length; p++)
                {
                    var localX = ((stroke[p].X - 0.5f) * glyphWidth) + Uniform(-jitter, jitter);
                    var localY = ((stroke[p].Y - 0.5f) * glyphHeight) + Uniform(-jitter, jitter);
                    var point = warp.Apply(new SKPoint(
                        centreX + (localX * cos) - (localY * sin),
                        centreY + (localX * sin) + (localY * cos)));
                    if (p == 0)
                    {
                        builder.MoveTo(point);
                    }
                    else
                    {
                        builder.LineTo(point);
                    }
                }
            }

            using var path = builder.Detach();
            canvas.DrawPath(path, paint);
        }
    }

    /// <summary>Curves that cross the text band, drawn in glyph-like colours so they cannot be filtered out by colour alone.</summary>
    private static void DrawNoiseCurves(SKCanvas canvas, CaptchaWarp warp)
    {
        using var paint = new SKPaint
        {
            IsAntialias = true,
            Style = SKPaintStyle.Stroke,
            StrokeCap = SKStrokeCap.Round,
        };

        var count = RandomNumberGenerator.GetInt32(2, 4);
        for (var i = 0; i < count; i++)
        {
            paint.Color = DarkColour().WithAlpha((byte)RandomNumberGenerator.GetInt32(170, 230));
            paint.StrokeWidth = Uniform(1.2f, 2.2f);
            using var builder = new SKPathBuilder();
            builder.MoveTo(warp.Apply(new SKPoint(Uniform(-5, 25), Uniform(15, Height - 15))));
            builder.CubicTo(
                new SKPoint(Uniform(40, 100), Uniform(-20, Height + 20)),
                new SKPoint(Uniform(120, 180), Uniform(-20, Height + 20)),
                warp.Apply(new SKPoint(Uniform(Width - 25, Width + 5), Uniform(15, Height - 15))));
            using var path = builder.Detach();
            canvas.DrawPath(path, paint);
        }
    }

    private static void DrawNoiseDots(SKCanvas canvas)
    {
        using var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill };
        var count = RandomNumberGenerator.GetInt32(70, 110);
        for (var i = 0; i < count; i++)
        {
            paint.Color = SKColor.FromHsl(Uniform(0, 360), Uniform(30, 80), Uniform(25, 70));
            canvas.DrawCircle(Uniform(0, Width), Uniform(0, Height), Uniform(0.6f, 1.6f), paint);
        }
    }

    private static CaptchaWarp CreateWarp() => new(
        AmplitudeY: Uniform(2f, 4f),
        PeriodX: Uniform(60, 110),
        PhaseX: Uniform(0, MathF.Tau),
        AmplitudeX: Uniform(0.8f, 2f),
        PeriodY: Uniform(30, 60),
        PhaseY: Uniform(0, MathF.Tau));

    /// <summary>Saturated but dark: at least ~4.5:1 against the pale background.</summary>
    private static SKColor DarkColour() => SKColor.FromHsl(Uniform(0, 360), Uniform(45, 85), Uniform(15, 32));

    /// <summary>Uniform float in [min, max) from the cryptographic generator (24 bits of resolution).</summary>
    private static float Uniform(float min, float max) =>
        min + ((max - min) * (RandomNumberGenerator.GetInt32(1 << 24) / (float)(1 << 24)));
}
