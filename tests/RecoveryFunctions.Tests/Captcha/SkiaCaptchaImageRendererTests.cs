using System.Buffers.Binary;
using System.Security.Cryptography;
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
        var key = NewKey();
        var (png, png2x) = (Render("K7MH9X", 1, key), Render("K7MH9X", 2, key));

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
        var key = NewKey();
        var (png, png2x) = (Render("ACDEFG", 1, key), Render("ACDEFG", 2, key));
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
            var png = Render(new string(character, 6));
            Assert.Equal(PngSignature, png[..8]);
        }
    }

    [Fact]
    public void RenderPng_WholeAlphabetInChunks_ProducesInkOnEveryRun()
    {
        for (var start = 0; start < CaptchaAlphabet.Characters.Length; start += 6)
        {
            var text = CaptchaAlphabet.Characters.Substring(start, Math.Min(6, CaptchaAlphabet.Characters.Length - start));
            using var bitmap = SKBitmap.Decode(Render(text));

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
        var first = Render("ACDEFG");
        var second = Render("ACDEFG");

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void RenderPng_SameDrawingKey_DrawsTheSamePictureAgain()
    {
        // What lets the API draw the 2× image on request instead of sending it with every challenge.
        var key = NewKey();

        Assert.Equal(Render("ACDEFG", 2, key), Render("ACDEFG", 2, key));
        Assert.Equal(Render("ACDEFG", 1, key), Render("ACDEFG", 1, key));
    }

    [Fact]
    public void RenderPng_PalettePng_SmallEnoughForThePageBudget()
    {
        // The 1× image travels in the challenge's JSON as base64 (4/3 of its bytes): the captcha pages' 60 KB
        // budget (docs/front-ends.md) leaves it about 12 KB. Drawn 20 times: the noise varies the size.
        var sizes = Enumerable.Range(0, 20).Select(_ => Render("K7MH9X")).Select(png =>
        {
            Assert.Equal(3, png[25]); // IHDR colour type: palette
            Assert.Equal(IndexedPng.MaxColours <= 16 ? 4 : 8, png[24]); // bit depth
            return png.Length;
        }).ToList();

        Assert.True(sizes.Max() <= 5 * 1024, $"1× PNG sizes: {string.Join(", ", sizes)} bytes");
    }

    [Fact]
    public void RenderPng_PaletteOf16_UnderAThirdOfFullColour()
    {
        // The same drawings in Skia's RGBA PNG (the former encoding): measured 15.4 KB at 1× and 34.6 KB at 2× on
        // average, against 3.1 and 6.9 KB (docs/front-ends.md).
        var fullColour = new SkiaCaptchaImageRenderer(colours: 0);
        var keys = Enumerable.Range(0, 10).Select(_ => NewKey()).ToList();

        var palette = keys.Sum(key => Render("K7MH9X", 2, key).Length);
        var rgba = keys.Sum(key => fullColour.RenderPng("K7MH9X", key, 2).Length);

        Assert.True(palette * 3 < rgba, $"palette {palette} bytes, RGBA {rgba} bytes");
    }

    [Fact]
    public void RenderPng_Output_HasOnlyImageChunksAndNoText()
    {
        var png = Render("PQRTVW");

        var chunkTypes = ReadChunkTypes(png);

        Assert.Equal(["IHDR", "PLTE", "IDAT", "IEND"], chunkTypes);
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
        var error = Assert.Throws<ArgumentException>(() => Render(text));

        Assert.Equal("text", error.ParamName);
    }

    [Fact]
    public void RenderPng_Empty_Throws()
    {
        Assert.Throws<ArgumentException>(() => Render(string.Empty));
    }

    [Fact]
    public void RenderPng_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => Render(null!));
    }

    [Fact]
    public void RenderPng_TooLong_Throws()
    {
        Assert.Throws<ArgumentException>(() => Render(new string('A', SkiaCaptchaImageRenderer.MaxLength + 1)));
    }

    private static byte[] NewKey() => RandomNumberGenerator.GetBytes(32);

    private byte[] Render(string text, int scale = 1, byte[]? key = null) => _renderer.RenderPng(text, key ?? NewKey(), scale);

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
