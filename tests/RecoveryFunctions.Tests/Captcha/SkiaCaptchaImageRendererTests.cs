using System.Buffers.Binary;
using System.Text;
using RecoveryFunctions.Core.Captcha;
using RecoveryFunctions.Infrastructure.Captcha;
using SkiaSharp;

namespace RecoveryFunctions.Tests.Captcha;

public sealed class SkiaCaptchaImageRendererTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly SkiaCaptchaImageRenderer _renderer = new();

    [Fact]
    public void RenderPng_SixCharacters_IsDecodablePngOfExpectedSize()
    {
        var (png, png2x) = _renderer.RenderPng("K7MH9X");

        Assert.Equal(PngSignature, png[..8]);
        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.Equal(SkiaCaptchaImageRenderer.Width, bitmap.Width);
        Assert.Equal(SkiaCaptchaImageRenderer.Height, bitmap.Height);
        using var zoomed = SKBitmap.Decode(png2x);
        Assert.Equal(2 * SkiaCaptchaImageRenderer.Width, zoomed.Width);
        Assert.Equal(2 * SkiaCaptchaImageRenderer.Height, zoomed.Height);
    }

    [Fact]
    public void RenderPng_TwoScales_AreTheSameDrawing()
    {
        var (png, png2x) = _renderer.RenderPng("ACDEFG");
        using var small = SKBitmap.Decode(png);
        using var large = SKBitmap.Decode(png2x);
        using var reduced = large.Resize(new SKImageInfo(small.Width, small.Height), new SKSamplingOptions(SKFilterMode.Linear));

        // Another random drawing differs by ~30 levels per channel on average; the same one reduced, by a few.
        var difference = 0L;
        for (var y = 0; y < small.Height; y++)
        {
            for (var x = 0; x < small.Width; x++)
            {
                var (a, b) = (small.GetPixel(x, y), reduced.GetPixel(x, y));
                difference += Math.Abs(a.Red - b.Red) + Math.Abs(a.Green - b.Green) + Math.Abs(a.Blue - b.Blue);
            }
        }

        Assert.True(difference / (3.0 * small.Width * small.Height) < 8, $"Mean difference {difference / (3.0 * small.Width * small.Height):F1}");
    }

    [Fact]
    public void RenderPng_EveryAlphabetCharacter_RendersWithoutThrowing()
    {
        foreach (var character in CaptchaAlphabet.Characters)
        {
            var png = _renderer.RenderPng(new string(character, 6)).Png;
            Assert.Equal(PngSignature, png[..8]);
        }
    }

    [Fact]
    public void RenderPng_WholeAlphabetInChunks_ProducesInkOnEveryRun()
    {
        for (var start = 0; start < CaptchaAlphabet.Characters.Length; start += 6)
        {
            var text = CaptchaAlphabet.Characters.Substring(start, Math.Min(6, CaptchaAlphabet.Characters.Length - start));
            using var bitmap = SKBitmap.Decode(_renderer.RenderPng(text).Png);

            // Glyphs are drawn dark on a pale background, so dark pixels must exist.
            var dark = 0;
            for (var y = 0; y < bitmap.Height; y++)
            {
                for (var x = 0; x < bitmap.Width; x++)
                {
                    bitmap.GetPixel(x, y).ToHsl(out _, out _, out var lightness);
                    if (lightness < 40)
                    {
                        dark++;
                    }
                }
            }

            // A glyph of random thickness and size leaves at least ~100 dark pixels; scale with the glyph count.
            Assert.True(dark > 100 * text.Length, $"Only {dark} dark pixels for a {text.Length}-glyph render.");
        }
    }

    [Fact]
    public void RenderPng_SameTextTwice_ProducesDifferentImages()
    {
        var first = _renderer.RenderPng("ACDEFG").Png;
        var second = _renderer.RenderPng("ACDEFG").Png;

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void RenderPng_Output_HasOnlyImageChunksAndNoText()
    {
        var png = _renderer.RenderPng("PQRTVW").Png;

        var chunkTypes = ReadChunkTypes(png);

        Assert.Equal("IHDR", chunkTypes[0]);
        Assert.Equal("IEND", chunkTypes[^1]);
        Assert.Contains("IDAT", chunkTypes);
        Assert.DoesNotContain("tEXt", chunkTypes);
        Assert.DoesNotContain("iTXt", chunkTypes);
        Assert.DoesNotContain("zTXt", chunkTypes);
        Assert.DoesNotContain("eXIf", chunkTypes);
        Assert.DoesNotContain("PQRTVW", Encoding.Latin1.GetString(png), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("ABCDEF")] // B is not in the alphabet
    [InlineData("k7mh4x")] // lower case is not in the alphabet
    [InlineData("K7 H4X")]
    [InlineData("K7MH40")]
    [InlineData("K7MH4X")] // 4 is read as A: dropped
    [InlineData("UVWXYA")] // U is read as V: dropped
    public void RenderPng_CharacterOutsideAlphabet_Throws(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => _renderer.RenderPng(text));

        Assert.Equal("text", error.ParamName);
    }

    [Fact]
    public void RenderPng_Empty_Throws()
    {
        Assert.Throws<ArgumentException>(() => _renderer.RenderPng(string.Empty));
    }

    [Fact]
    public void RenderPng_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => _renderer.RenderPng(null!));
    }

    [Fact]
    public void RenderPng_TooLong_Throws()
    {
        Assert.Throws<ArgumentException>(() => _renderer.RenderPng(new string('A', SkiaCaptchaImageRenderer.MaxLength + 1)));
    }

    private static List<string> ReadChunkTypes(byte[] png)
    {
        var types = new List<string>();
        var offset = PngSignature.Length;
        while (offset + 8 <= png.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset));
            types.Add(Encoding.ASCII.GetString(png, offset + 4, 4));
            offset += 12 + length; // length + type + data + CRC
        }

        Assert.Equal(png.Length, offset);
        return types;
    }
}
