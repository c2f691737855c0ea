using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using RecoveryFunctions.Core.Summary;

namespace RecoveryFunctions.Infrastructure.Summary;

/// <summary>
/// The récapitulatif as one A4 page (PDFsharp): the service's name and brand, the title, the date issued, each field under its
/// label, the notice that no secret is printed and where the service is found. Text is embedded as Unicode (with a ToUnicode map), so
/// accents print and the text can be copied or read by assistive technology.
/// </summary>
public sealed class PdfSharpSummaryRenderer : ISummaryDocumentRenderer
{
    private const double Margin = 56;
    private static readonly XColor Accent = XColor.FromArgb(0x00, 0x00, 0x91);

    public PdfSharpSummaryRenderer() => EmbeddedFontResolver.Install();

    public byte[] Render(SummaryDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var pdf = new PdfDocument();
        pdf.Info.Title = $"{document.Title} – {document.ServiceName}";
        pdf.Info.Creator = document.ServiceName;
        pdf.Language = document.Language;

        var page = pdf.AddPage();
        page.Size = PageSize.A4;
        using (var graphics = XGraphics.FromPdfPage(page))
        {
            Draw(graphics, page.Width.Point, document);
        }

        using var output = new MemoryStream();
        pdf.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static void Draw(XGraphics graphics, double pageWidth, SummaryDocument document)
    {
        var options = new XPdfFontOptions(PdfFontEncoding.Unicode);
        var small = new XFont(EmbeddedFontResolver.Family, 10, XFontStyleEx.Regular, options);
        var body = new XFont(EmbeddedFontResolver.Family, 11, XFontStyleEx.Regular, options);
        var label = new XFont(EmbeddedFontResolver.Family, 11, XFontStyleEx.Bold, options);
        var title = new XFont(EmbeddedFontResolver.Family, 20, XFontStyleEx.Bold, options);
        var width = pageWidth - 2 * Margin;

        var y = Margin;
        y = DrawLines(graphics, $"{document.ServiceName} — {document.Brand}", small, new XSolidBrush(Accent), Margin, y, width) + 14;
        y = DrawLines(graphics, document.Title, title, XBrushes.Black, Margin, y, width) + 6;
        y = DrawLines(graphics, document.Issued, small, XBrushes.DimGray, Margin, y, width) + 8;
        graphics.DrawLine(new XPen(Accent, 1.5), Margin, y, pageWidth - Margin, y);
        y += 18;

        foreach (var field in document.Fields)
        {
            // Label above its value, both the full width: an address or a question has room to stay on one line.
            y = DrawLines(graphics, field.Label, label, XBrushes.Black, Margin, y, width) + 2;
            y = DrawLines(graphics, field.Value, body, XBrushes.Black, Margin + 12, y, width - 12) + 10;
        }

        y += 12;
        graphics.DrawLine(new XPen(XColors.LightGray, 0.75), Margin, y, pageWidth - Margin, y);
        y = DrawLines(graphics, document.Notice, small, XBrushes.Black, Margin, y + 12, width);
        DrawLines(graphics, $"{document.ServiceName} · {document.Brand} · {document.Address}", small, XBrushes.DimGray, Margin, y + 12, width);
    }

    /// <summary>Draws <paramref name="text"/> from <paramref name="top"/> wrapped to <paramref name="width"/>; returns the bottom of the last line.</summary>
    private static double DrawLines(XGraphics graphics, string text, XFont font, XBrush brush, double left, double top, double width)
    {
        var height = font.GetHeight();
        foreach (var line in Wrap(graphics, text, font, width))
        {
            graphics.DrawString(line, font, brush, new XRect(left, top, width, height), XStringFormats.TopLeft);
            top += height;
        }

        return top;
    }

    /// <summary>Breaks at spaces; a word wider than the column (a long address) is cut between characters.</summary>
    internal static IEnumerable<string> Wrap(XGraphics graphics, string text, XFont font, double width)
    {
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (graphics.MeasureString(candidate, font).Width <= width)
            {
                line = candidate;
                continue;
            }

            if (line.Length > 0)
            {
                yield return line;
            }

            line = word;
            while (line.Length > 1 && graphics.MeasureString(line, font).Width > width)
            {
                var fits = 1;
                while (fits < line.Length && graphics.MeasureString(line[..(fits + 1)], font).Width <= width)
                {
                    fits++;
                }

                yield return line[..fits];
                line = line[fits..];
            }
        }

        if (line.Length > 0)
        {
            yield return line;
        }
    }
}
