using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Drawing.Layout;
using PdfSharp.Pdf;
using RecoveryFunctions.Core.Summary;

namespace RecoveryFunctions.Infrastructure.Summary;

/// <summary>
/// The récapitulatif as one A4 page (PDFsharp): the service's name, the title, the date issued, one labelled line
/// per field, and the notice that no secret is printed. Text is embedded as Unicode (with a ToUnicode map), so
/// accents print and the text can be copied or read by assistive technology.
/// </summary>
public sealed class PdfSharpSummaryRenderer : ISummaryDocumentRenderer
{
    private const double Margin = 56;
    private const double LabelWidth = 190;
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
        var text = new XTextFormatter(graphics);

        var y = Margin;
        graphics.DrawString(document.ServiceName, small, new XSolidBrush(Accent), new XRect(Margin, y, width, 14), XStringFormats.TopLeft);
        y += 28;
        graphics.DrawString(document.Title, title, XBrushes.Black, new XRect(Margin, y, width, 26), XStringFormats.TopLeft);
        y += 32;
        graphics.DrawString(document.Issued, small, XBrushes.DimGray, new XRect(Margin, y, width, 14), XStringFormats.TopLeft);
        y += 22;
        graphics.DrawLine(new XPen(Accent, 1.5), Margin, y, pageWidth - Margin, y);
        y += 18;

        foreach (var field in document.Fields)
        {
            // Long values (a question, an address) wrap inside their column; the row is as tall as its longer side.
            var height = Math.Max(Lines(graphics, field.Label, label, LabelWidth - 10), Lines(graphics, field.Value, body, width - LabelWidth)) * 15;
            text.DrawString(field.Label, label, XBrushes.Black, new XRect(Margin, y, LabelWidth - 10, height));
            text.DrawString(field.Value, body, XBrushes.Black, new XRect(Margin + LabelWidth, y, width - LabelWidth, height));
            y += height + 10;
        }

        y += 12;
        graphics.DrawLine(new XPen(XColors.LightGray, 0.75), Margin, y, pageWidth - Margin, y);
        y += 12;
        text.DrawString(document.Notice, small, XBrushes.Black, new XRect(Margin, y, width, 60));
    }

    /// <summary>How many lines <paramref name="value"/> needs in <paramref name="width"/> points, wrapping at spaces (a long word gets its own line).</summary>
    private static int Lines(XGraphics graphics, string value, XFont font, double width)
    {
        var lines = 1;
        var current = 0d;
        var space = graphics.MeasureString(" ", font).Width;
        foreach (var word in value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var length = graphics.MeasureString(word, font).Width;
            if (current > 0 && current + space + length > width)
            {
                lines++;
                current = length;
            }
            else
            {
                current += (current > 0 ? space : 0) + length;
            }
        }

        return lines;
    }
}
