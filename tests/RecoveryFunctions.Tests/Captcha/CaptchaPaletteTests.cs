using RecoveryFunctions.Infrastructure.Captcha;
using SkiaSharp;

namespace RecoveryFunctions.Tests.Captcha;

public sealed class CaptchaPaletteTests
{
    [Fact]
    public void Create_ManyPalettes_EveryGlyphAtLeast45To1AgainstEveryBackgroundColour()
    {
        var worst = double.MaxValue;
        for (var i = 0; i < 5_000; i++)
        {
            var palette = CaptchaPalette.Create(6, CaptchaRandom.Fresh());
            foreach (var glyph in palette.Glyphs)
            {
                foreach (var background in palette.Blotches.Append(palette.Background))
                {
                    worst = Math.Min(worst, CaptchaPalette.Contrast(CaptchaPalette.Luminance(glyph), CaptchaPalette.Luminance(background)));
                }
            }
        }

        Assert.True(worst >= CaptchaPalette.MinimumContrast, $"Worst contrast {worst:F2}:1");
    }

    [Theory]
    [InlineData(0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 21.0)]
    [InlineData(0x77, 0x77, 0x77, 0xFF, 0xFF, 0xFF, 4.48)] // WCAG's classic near miss
    [InlineData(0x76, 0x76, 0x76, 0xFF, 0xFF, 0xFF, 4.54)]
    public void Contrast_KnownPairs_MatchesWcag(byte r1, byte g1, byte b1, byte r2, byte g2, byte b2, double expected)
    {
        var ratio = CaptchaPalette.Contrast(CaptchaPalette.Luminance(new SKColor(r1, g1, b1)), CaptchaPalette.Luminance(new SKColor(r2, g2, b2)));

        Assert.Equal(expected, ratio, 2);
    }
}
