using RecoveryFunctions.Core.Captcha;
using RecoveryFunctions.Core.Options;
using SkiaSharp;

namespace RecoveryFunctions.Infrastructure.Captcha;

/// <summary>
/// Draws captcha text as distorted vector strokes with crossing noise, encoded as a bare palette PNG
/// (<see cref="IndexedPng"/>) at the scale asked. Every random choice comes from a <see cref="CaptchaRandom"/>
/// stream under the challenge's secret drawing key, so the distortion cannot be predicted from earlier images and
/// the 2× image, drawn on request, is the same drawing as the 1×, sharp; colours come from
/// <see cref="CaptchaPalette"/>, whose glyph colours meet 4.5:1 contrast.
/// </summary>
public sealed class SkiaCaptchaImageRenderer : ICaptchaImageRenderer
{
    public const int Width = 220;
    public const int Height = 80;

    /// <summary>Beyond this the glyphs get too narrow to read at this image size.</summary>
    public const int MaxLength = CaptchaOptions.MaxLength;

    private const float Margin = 14f;

    private readonly int _colours;

    public SkiaCaptchaImageRenderer()
        : this(IndexedPng.MaxColours)
    {
    }

    /// <summary>For the measurement of each palette size; 0 encodes full-colour RGBA as Skia does (the former encoding).</summary>
    internal SkiaCaptchaImageRenderer(int colours) => _colours = colours;

    public byte[] RenderPng(string text, ReadOnlySpan<byte> drawingKey, int scale)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, ICaptchaImageRenderer.MaxScale);
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

        var info = new SKImageInfo(Width * scale, Height * scale, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var surface = SKSurface.Create(info)
            ?? throw new InvalidOperationException("Skia could not create a raster surface.");
        var canvas = surface.Canvas;
        canvas.Scale(scale);
        var random = new CaptchaRandom(drawingKey);
        var palette = CaptchaPalette.Create(text.Length, random);
        DrawBackground(canvas, palette, random);
        var warp = CreateWarp(random);
        DrawGlyphs(canvas, text, warp, palette, random);
        DrawNoiseCurves(canvas, warp, palette, random);
        DrawNoiseDots(canvas, random);
        canvas.Flush();
        if (_colours == 0)
        {
            using var image = surface.Snapshot();
            using var data = image.Encode(SKEncodedImageFormat.Png, 100);
            return data.ToArray();
        }

        using var pixels = surface.PeekPixels()
            ?? throw new InvalidOperationException("Skia could not read the captcha's pixels.");
        return IndexedPng.Encode(pixels, _colours);
    }

    private static void DrawBackground(SKCanvas canvas, CaptchaPalette palette, CaptchaRandom random)
    {
        canvas.Clear(palette.Background);
        using var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill };
        foreach (var blotch in palette.Blotches)
        {
            paint.Color = blotch;
            canvas.DrawCircle(random.Uniform(0, Width), random.Uniform(0, Height), random.Uniform(10, 28), paint);
        }
    }

    private static void DrawGlyphs(SKCanvas canvas, string text, CaptchaWarp warp, CaptchaPalette palette, CaptchaRandom random)
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
            var glyphHeight = random.Uniform(38, 46);
            var glyphWidth = Math.Min(glyphHeight * random.Uniform(0.6f, 0.75f), cellWidth * 1.05f);
            var centreX = Margin + (cellWidth * (i + 0.5f)) + random.Uniform(-2.5f, 2.5f);
            var centreY = (Height / 2f) + random.Uniform(-7, 7);
            var angle = random.Uniform(-0.35f, 0.35f); // about ±20°
            var (sin, cos) = MathF.SinCos(angle);
            // Slight: independent per-point noise above ~1 px turns strokes into scribbles.
            var jitter = glyphHeight * 0.014f;

            paint.Color = palette.Glyphs[i];
            paint.StrokeWidth = random.Uniform(2.8f, 4.2f);

            using var builder = new SKPathBuilder();
            foreach (var stroke in CaptchaGlyphs.Get(text[i]))
            {
                for (var p = 0; p < stroke.Length; p++)
                {
                    var localX = ((stroke[p].X - 0.5f) * glyphWidth) + random.Uniform(-jitter, jitter);
                    var localY = ((stroke[p].Y - 0.5f) * glyphHeight) + random.Uniform(-jitter, jitter);
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
    private static void DrawNoiseCurves(SKCanvas canvas, CaptchaWarp warp, CaptchaPalette palette, CaptchaRandom random)
    {
        using var paint = new SKPaint
        {
            IsAntialias = true,
            Style = SKPaintStyle.Stroke,
            StrokeCap = SKStrokeCap.Round,
        };

        var count = random.NextInt(2, 4);
        for (var i = 0; i < count; i++)
        {
            paint.Color = palette.Glyphs[random.NextInt(palette.Glyphs.Count)].WithAlpha((byte)random.NextInt(170, 230));
            paint.StrokeWidth = random.Uniform(1.2f, 2.2f);
            using var builder = new SKPathBuilder();
            builder.MoveTo(warp.Apply(new SKPoint(random.Uniform(-5, 25), random.Uniform(15, Height - 15))));
            builder.CubicTo(
                new SKPoint(random.Uniform(40, 100), random.Uniform(-20, Height + 20)),
                new SKPoint(random.Uniform(120, 180), random.Uniform(-20, Height + 20)),
                warp.Apply(new SKPoint(random.Uniform(Width - 25, Width + 5), random.Uniform(15, Height - 15))));
            using var path = builder.Detach();
            canvas.DrawPath(path, paint);
        }
    }

    private static void DrawNoiseDots(SKCanvas canvas, CaptchaRandom random)
    {
        using var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill };
        var count = random.NextInt(70, 110);
        for (var i = 0; i < count; i++)
        {
            paint.Color = SKColor.FromHsl(random.Uniform(0, 360), random.Uniform(30, 80), random.Uniform(25, 70));
            canvas.DrawCircle(random.Uniform(0, Width), random.Uniform(0, Height), random.Uniform(0.6f, 1.6f), paint);
        }
    }

    private static CaptchaWarp CreateWarp(CaptchaRandom random) => new(
        AmplitudeY: random.Uniform(2f, 4f),
        PeriodX: random.Uniform(60, 110),
        PhaseX: random.Uniform(0, MathF.Tau),
        AmplitudeX: random.Uniform(0.8f, 2f),
        PeriodY: random.Uniform(30, 60),
        PhaseY: random.Uniform(0, MathF.Tau));
}
