using System.Buffers.Binary;
using System.IO.Compression;
using SkiaSharp;

namespace RecoveryFunctions.Infrastructure.Captcha;

/// <summary>
/// Encodes an opaque picture as a palette PNG (colour type 3): the colours reduced by median cut to at most
/// <see cref="MaxColours"/>, no dithering (it would add noise the compressor pays for), scanlines unfiltered as the
/// PNG specification advises for palette images. Skia only writes RGB(A) PNGs, about three times the bytes.
/// Chunks: IHDR, PLTE, IDAT, IEND, nothing else (no text, no metadata).
/// </summary>
public static class IndexedPng
{
    /// <summary>4 bits a pixel: measured (docs/front-ends.md) as the smallest depth that keeps the glyphs' colours.</summary>
    public const int MaxColours = 16;

    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = BuildCrcTable();

    public static byte[] Encode(SKPixmap pixels, int maxColours = MaxColours)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxColours, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxColours, 256);
        if (pixels.ColorType != SKColorType.Rgba8888)
        {
            throw new ArgumentException("Expected RGBA 8888 pixels.", nameof(pixels));
        }

        var (width, height) = (pixels.Width, pixels.Height);
        var rgba = pixels.GetPixelSpan();
        var colours = new uint[width * height];
        for (var i = 0; i < colours.Length; i++)
        {
            colours[i] = (uint)((rgba[i * 4] << 16) | (rgba[(i * 4) + 1] << 8) | rgba[(i * 4) + 2]);
        }

        var palette = MedianCut(colours, maxColours);
        var depth = palette.Length <= 2 ? 1 : palette.Length <= 4 ? 2 : palette.Length <= 16 ? 4 : 8;
        var index = new Dictionary<uint, byte>();
        var stride = ((width * depth) + 7) / 8;
        var raw = new byte[(stride + 1) * height];
        for (var y = 0; y < height; y++)
        {
            var row = y * (stride + 1); // filter byte 0 (none), then the packed indices
            for (var x = 0; x < width; x++)
            {
                var colour = colours[(y * width) + x];
                if (!index.TryGetValue(colour, out var entry))
                {
                    index[colour] = entry = Nearest(palette, colour);
                }

                var bit = x * depth;
                raw[row + 1 + (bit / 8)] |= (byte)(entry << (8 - depth - (bit % 8)));
            }
        }

        using var output = new MemoryStream();
        output.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = (byte)depth;
        header[9] = 3; // palette; compression, filter and interlace methods stay 0
        WriteChunk(output, "IHDR", header);
        var plte = new byte[palette.Length * 3];
        for (var i = 0; i < palette.Length; i++)
        {
            (plte[i * 3], plte[(i * 3) + 1], plte[(i * 3) + 2]) = ((byte)(palette[i] >> 16), (byte)(palette[i] >> 8), (byte)palette[i]);
        }

        WriteChunk(output, "PLTE", plte);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                zlib.Write(raw);
            }

            WriteChunk(output, "IDAT", compressed.ToArray());
        }

        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>Splits the colour box with the widest channel at its median pixel until there are enough boxes; each gives its mean.</summary>
    private static uint[] MedianCut(uint[] pixels, int maxColours)
    {
        var boxes = new List<uint[]> { pixels };
        while (boxes.Count < maxColours)
        {
            var (widest, channel, range) = (-1, 0, 0);
            for (var b = 0; b < boxes.Count; b++)
            {
                for (var shift = 0; shift <= 16; shift += 8)
                {
                    var (min, max) = (255, 0);
                    foreach (var colour in boxes[b])
                    {
                        var level = (int)((colour >> shift) & 0xFF);
                        (min, max) = (Math.Min(min, level), Math.Max(max, level));
                    }

                    if (max - min > range)
                    {
                        (widest, channel, range) = (b, shift, max - min);
                    }
                }
            }

            if (widest < 0)
            {
                break; // every box is one colour
            }

            var box = boxes[widest];
            var sorted = box.OrderBy(colour => (colour >> channel) & 0xFF).ToArray();
            var median = sorted.Length / 2;
            // Never split inside a run of one channel value: both halves keep distinct ranges.
            var value = (sorted[median] >> channel) & 0xFF;
            while (median > 0 && ((sorted[median - 1] >> channel) & 0xFF) == value)
            {
                median--;
            }

            if (median == 0)
            {
                median = Array.FindIndex(sorted, colour => ((colour >> channel) & 0xFF) != value);
            }

            boxes[widest] = sorted[..median];
            boxes.Add(sorted[median..]);
        }

        return [.. boxes.Select(Mean).Distinct()];
    }

    private static uint Mean(uint[] box)
    {
        long r = 0, g = 0, b = 0;
        foreach (var colour in box)
        {
            (r, g, b) = (r + ((colour >> 16) & 0xFF), g + ((colour >> 8) & 0xFF), b + (colour & 0xFF));
        }

        var n = box.Length;
        return (uint)((((r + (n / 2)) / n) << 16) | (((g + (n / 2)) / n) << 8) | ((b + (n / 2)) / n));
    }

    private static byte Nearest(uint[] palette, uint colour)
    {
        var (best, bestDistance) = (0, int.MaxValue);
        for (var i = 0; i < palette.Length; i++)
        {
            var dr = (int)((colour >> 16) & 0xFF) - (int)((palette[i] >> 16) & 0xFF);
            var dg = (int)((colour >> 8) & 0xFF) - (int)((palette[i] >> 8) & 0xFF);
            var db = (int)(colour & 0xFF) - (int)(palette[i] & 0xFF);
            // Weighted towards green, as the eye (and the luminance the contrast rule uses) is.
            var distance = (2 * dr * dr) + (4 * dg * dg) + (db * db);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (i, distance);
            }
        }

        return (byte)best;
    }

    private static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        Span<byte> name = [(byte)type[0], (byte)type[1], (byte)type[2], (byte)type[3]];
        output.Write(name);
        output.Write(data);
        var crc = Crc(Crc(0xFFFFFFFFu, name), data) ^ 0xFFFFFFFFu;
        Span<byte> check = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(check, crc);
        output.Write(check);
    }

    private static uint Crc(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
