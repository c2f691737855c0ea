using SkiaSharp;

namespace RecoveryFunctions.Infrastructure.Captcha;

/// <summary>
/// The colours of one captcha: a pale background with blotches, and glyph colours each darkened until its
/// WCAG 2 contrast ratio against the darkest background colour is at least <see cref="MinimumContrast"/>
/// (computed, not assumed: a random dark hue alone fell to 2.5:1).
/// </summary>
public sealed record CaptchaPalette(SKColor Background, IReadOnlyList<SKColor> Blotches, IReadOnlyList<SKColor> Glyphs)
{
    /// <summary>WCAG 1.4.3 (RGAA 3.2) for text: 4.5:1; a little above so anti-aliasing never takes it under.</summary>
    public const double MinimumContrast = 4.5;
    private const double Target = 4.8;

    public static CaptchaPalette Create(int glyphs, CaptchaRandom random)
    {
        var hue = random.Uniform(0, 360);
        var background = SKColor.FromHsl(hue, random.Uniform(20, 45), random.Uniform(90, 95));
        // Soft blotches in a neighbouring hue so the background is not a flat colour to subtract.
        var blotches = Enumerable.Range(0, 6)
            .Select(_ => SKColor.FromHsl((hue + random.Uniform(-40, 40) + 360) % 360, random.Uniform(25, 55), random.Uniform(82, 90)))
            .ToList();
        var darkest = blotches.Append(background).Min(Luminance);
        var colours = Enumerable.Range(0, glyphs).Select(_ => GlyphColour(darkest, random)).ToList();
        return new CaptchaPalette(background, blotches, colours);
    }

    /// <summary>A saturated dark colour of random hue, darkened step by step until it reaches the target contrast.</summary>
    public static SKColor GlyphColour(double backgroundLuminance, CaptchaRandom random)
    {
        var (hue, saturation) = (random.Uniform(0, 360), random.Uniform(45, 85));
        for (var lightness = random.Uniform(18, 34); lightness > 0; lightness -= 1.5f)
        {
            var colour = SKColor.FromHsl(hue, saturation, lightness);
            if (Contrast(Luminance(colour), backgroundLuminance) >= Target)
            {
                return colour;
            }
        }

        return SKColors.Black;
    }

    /// <summary>WCAG 2 relative luminance of an sRGB colour.</summary>
    public static double Luminance(SKColor colour)
    {
        static double Linear(byte channel)
        {
            var c = channel / 255.0;
            return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }

        return (0.2126 * Linear(colour.Red)) + (0.7152 * Linear(colour.Green)) + (0.0722 * Linear(colour.Blue));
    }

    public static double Contrast(double luminanceA, double luminanceB)
        => (Math.Max(luminanceA, luminanceB) + 0.05) / (Math.Min(luminanceA, luminanceB) + 0.05);
}
