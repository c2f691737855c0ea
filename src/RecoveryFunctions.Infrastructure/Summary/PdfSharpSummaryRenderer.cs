using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.UniversalAccessibility;
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

        // Tagged for assistive technology (PDF/UA): a structure tree in reading order, the language, the title shown
        // by viewers instead of the file name, and the rules drawn as artifacts (docs/recapitulatif.md).
        var accessibility = UAManager.ForDocument(pdf);
        accessibility.SetDocumentLanguage(document.Language);
        pdf.ViewerPreferences.DisplayDocTitle = true;

        var page = pdf.AddPage();
        page.Size = PageSize.A4;
        using (var graphics = XGraphics.FromPdfPage(page))
        {
            Draw(graphics, accessibility.StructureBuilder, page.Width.Point, document);
        }

        using var output = new MemoryStream();
        pdf.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static void Draw(XGraphics graphics, StructureBuilder structure, double pageWidth, SummaryDocument document)
    {
        var options = new XPdfFontOptions(PdfFontEncoding.Unicode);
        var small = new XFont(EmbeddedFontResolver.Family, 10, XFontStyleEx.Regular, options);
        var body = new XFont(EmbeddedFontResolver.Family, 11, XFontStyleEx.Regular, options);
        var label = new XFont(EmbeddedFontResolver.Family, 11, XFontStyleEx.Bold, options);
        var title = new XFont(EmbeddedFontResolver.Family, 20, XFontStyleEx.Bold, options);
        var width = pageWidth - 2 * Margin;

        double Tagged(PdfBlockLevelElementTag tag, string text, XFont font, XBrush brush, double left, double top, double columnWidth)
        {
            structure.BeginElement(tag);
            var bottom = DrawLines(graphics, text, font, brush, left, top, columnWidth);
            structure.End();
            return bottom;
        }

        void Rule(XPen pen, double y)
        {
            structure.BeginArtifact();
            graphics.DrawLine(pen, Margin, y, pageWidth - Margin, y);
            structure.End();
        }

        var y = Margin;
        y = Tagged(PdfBlockLevelElementTag.Paragraph, $"{document.ServiceName} — {document.Brand}", small, new XSolidBrush(Accent), Margin, y, width) + 14;
        y = Tagged(PdfBlockLevelElementTag.Heading1, document.Title, title, XBrushes.Black, Margin, y, width) + 6;
        y = Tagged(PdfBlockLevelElementTag.Paragraph, document.Issued, small, XBrushes.DimGray, Margin, y, width) + 8;
        Rule(new XPen(Accent, 1.5), y);
        y += 18;

        // Each field a list item: its label (Lbl) read before its value (LBody).
        structure.BeginElement(PdfBlockLevelElementTag.List);
        foreach (var field in document.Fields)
        {
            // Label above its value, both the full width: an address or a question has room to stay on one line.
            structure.BeginElement(PdfBlockLevelElementTag.ListItem);
            y = Tagged(PdfBlockLevelElementTag.Label, field.Label, label, XBrushes.Black, Margin, y, width) + 2;
            y = Tagged(PdfBlockLevelElementTag.ListBody, field.Value, body, XBrushes.Black, Margin + 12, y, width - 12) + 10;
            structure.End();
        }

        structure.End();
        y += 12;
        Rule(new XPen(XColors.LightGray, 0.75), y);
        y = Tagged(PdfBlockLevelElementTag.Paragraph, document.Notice, small, XBrushes.Black, Margin, y + 12, width);
        Tagged(PdfBlockLevelElementTag.Paragraph, $"{document.ServiceName} · {document.Brand} · {document.Address}", small, XBrushes.DimGray, Margin, y + 12, width);
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
