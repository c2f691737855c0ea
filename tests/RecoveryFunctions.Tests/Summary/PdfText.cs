using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;

namespace RecoveryFunctions.Tests.Summary;

/// <summary>
/// Reads a PDF back with PDFsharp (which refuses a malformed file) and recovers its text: the glyph ids of each
/// hex string in the page's content streams (which may wrap lines), mapped to characters through the fonts' ToUnicode tables.
/// Spacing between drawn pieces is normalised to single spaces.
/// </summary>
internal static partial class PdfText
{
    public static (PdfDocument Document, string Text) Read(byte[] pdf)
    {
        var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Modify);
        var text = new StringBuilder();
        foreach (var page in document.Pages)
        {
            var map = UnicodeMap(page);
            for (var i = 0; i < page.Contents.Elements.Count; i++)
            {
                var content = Encoding.Latin1.GetString(page.Contents.Elements.GetDictionary(i)!.Stream.UnfilteredValue);
                foreach (Match shown in HexString().Matches(content))
                {
                    var hex = Spaces().Replace(shown.Groups[1].Value, "");
                    for (var g = 0; g + 4 <= hex.Length; g += 4)
                    {
                        text.Append(map.GetValueOrDefault(int.Parse(hex.AsSpan(g, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture), "\uFFFD"));
                    }

                    text.Append(' ');
                }
            }
        }

        return (document, Spaces().Replace(text.ToString(), " ").Trim());
    }

    /// <summary>A text as <see cref="Read"/> returns it: every run of white space (U+00A0 and U+202F too) one space.</summary>
    public static string Flat(string text) => Spaces().Replace(text, " ");

    private static Dictionary<int, string> UnicodeMap(PdfPage page)
    {
        var map = new Dictionary<int, string>();
        var fonts = page.Resources.Elements.GetDictionary("/Font")!;
        foreach (var name in fonts.Elements.Keys)
        {
            var cmap = fonts.Elements.GetDictionary(name)!.Elements.GetDictionary("/ToUnicode");
            if (cmap is null)
            {
                continue;
            }

            var text = Encoding.Latin1.GetString(cmap.Stream.UnfilteredValue);
            foreach (Match block in BfCharBlock().Matches(text))
            {
                var values = HexToken().Matches(block.Groups[1].Value).Select(m => m.Groups[1].Value).ToList();
                for (var i = 0; i + 1 < values.Count; i += 2)
                {
                    map[Hex(values[i])] = Utf16(values[i + 1]);
                }
            }

            foreach (Match block in BfRangeBlock().Matches(text))
            {
                var values = HexToken().Matches(block.Groups[1].Value).Select(m => Hex(m.Groups[1].Value)).ToList();
                for (var i = 0; i + 2 < values.Count; i += 3)
                {
                    for (var glyph = values[i]; glyph <= values[i + 1]; glyph++)
                    {
                        map[glyph] = char.ConvertFromUtf32(values[i + 2] + glyph - values[i]);
                    }
                }
            }
        }

        return map;
    }

    private static int Hex(string value) => int.Parse(value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static string Utf16(string hex)
    {
        var chars = new char[hex.Length / 4];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)Hex(hex.Substring(i * 4, 4));
        }

        return new string(chars);
    }

    [GeneratedRegex(@"<([0-9A-Fa-f\s]+)>\s*Tj")]
    private static partial Regex HexString();

    [GeneratedRegex(@"beginbfchar(.*?)endbfchar", RegexOptions.Singleline)]
    private static partial Regex BfCharBlock();

    [GeneratedRegex(@"beginbfrange(.*?)endbfrange", RegexOptions.Singleline)]
    private static partial Regex BfRangeBlock();

    [GeneratedRegex(@"<([0-9A-Fa-f]+)>")]
    private static partial Regex HexToken();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
