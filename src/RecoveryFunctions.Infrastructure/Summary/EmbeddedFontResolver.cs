using PdfSharp.Drawing;
using PdfSharp.Fonts;

namespace RecoveryFunctions.Infrastructure.Summary;

/// <summary>
/// PDFsharp finds no font on Linux by itself, and the Functions host guarantees none: every family resolves to
/// the DejaVu Sans embedded in this assembly (bold simulated), so the PDF looks the same everywhere.
/// </summary>
internal sealed class EmbeddedFontResolver : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private const string Face = "DejaVuSans";
    private const string Resource = "RecoveryFunctions.Infrastructure.Summary.DejaVuSans.ttf";

    private static readonly Lazy<byte[]> Font = new(Load);
    private static readonly Lock Gate = new();

    /// <summary>PDFsharp keeps one resolver per process; installed once, before the first font is made.</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is not EmbeddedFontResolver)
            {
                GlobalFontSettings.FontResolver = new EmbeddedFontResolver();
            }
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic)
        => new(Face, isBold ? XStyleSimulations.BoldSimulation : XStyleSimulations.None);

    public byte[]? GetFont(string faceName) => faceName == Face ? Font.Value : null;

    private static byte[] Load()
    {
        using var stream = typeof(EmbeddedFontResolver).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The embedded font {Resource} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
