using System.Security.Cryptography;
using RecoveryFunctions.Core.Captcha;
using RecoveryFunctions.Core.Options;
using SkiaSharp;

namespace RecoveryFunctions.Infrastructure.Captcha;

/// <summary>
/// Draws captcha text as distorted vector strokes with crossing noise, encoded as a bare PNG at 1× and 2×
/// (one recorded vector drawing rasterised twice, so zooming shows the same challenge, sharp). Every random
/// choice comes from <see cref="RandomNumberGenerator"/> so the distortion cannot be predicted from earlier images;
/// colours come from <see cref="CaptchaPalette"/>, whose glyph colours meet 4.5:1 contrast.
/// </summary>
public sealed class SkiaCaptchaImageRenderer : ICaptchaImageRenderer
{
    public const int Width = 220;
    public const int Height = 80;

    /// <summary>Beyond this the glyphs get too narrow to read at this image size.</summary>
    public const int MaxLength = CaptchaOptions.MaxLength;

    private const float Margin = 14f;

    public (byte[] Png, byte[] Png2x) RenderPng(string text)
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

        using var recorder = new SKPictureRecorder();
        var canvas = recorder.BeginRecording(new SKRect(0, 0, Width, Height));
        var palette = CaptchaPalette.Create(text.Length);
        DrawBackground(canvas, palette);
        var warp = CreateWarp();
        DrawGlyphs(canvas, text, warp, palette);
        DrawNoiseCurves(canvas, warp, palette);
        DrawNoiseDots(canvas);
        using var picture = recorder.EndRecording();
        return (Encode(picture, 1), Encode(picture, 2));
    }

    private static byte[] Encode(SKPicture picture, int scale)
    {
        var info = new SKImageInfo(Width * scale, Height * scale, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info)
            ?? throw new InvalidOperationException("Skia could not create a raster surface.");
        surface.Canvas.Scale(scale);
        surface.Canvas.DrawPicture(picture);

        // Snapshot + encode writes only the image chunks (IHDR/IDAT/IEND): no text metadata.
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException("Skia could not encode the captcha as PNG.");
        return data.ToArray();
    }

    private static void DrawBackground(SKCanvas canvas, CaptchaPalette palette)
    {
        canvas.Clear(palette.Background);
        using var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill };
        foreach (var blotch in palette.Blotches)
        {
            paint.Color = blotch;
            canvas.DrawCircle(Uniform(0, Width), Uniform(0, Height), Uniform(10, 28), paint);
        }
    }

    private static void DrawGlyphs(SKCanvas canvas, string text, CaptchaWarp warp, CaptchaPalette palette)
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

            paint.Color = palette.Glyphs[i];
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
    private static void DrawNoiseCurves(SKCanvas canvas, CaptchaWarp warp, CaptchaPalette palette)
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
            paint.Color = palette.Glyphs[RandomNumberGenerator.GetInt32(palette.Glyphs.Count)].WithAlpha((byte)RandomNumberGenerator.GetInt32(170, 230));
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

    private static float Uniform(float min, float max) => CaptchaPalette.Uniform(min, max);
}
