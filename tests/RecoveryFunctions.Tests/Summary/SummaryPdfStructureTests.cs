using System.Text;
using Microsoft.Extensions.Options;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;
using RecoveryFunctions.Core.Dates;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Summary;
using RecoveryFunctions.Infrastructure.Summary;

namespace RecoveryFunctions.Tests.Summary;

/// <summary>
/// The récapitulatif is a tagged PDF (issue 25, item 2; PDF/UA-1 structure): what a screen reader needs is parsed back
/// from the file — marked, a structure tree whose reading order is the page's (brand, H1 title, date, one list item per
/// field with its label then its value, the notice, the address), every text in marked content and the rules as
/// artifacts, the language, the title shown instead of the file name.
/// </summary>
public sealed class SummaryPdfStructureTests
{
    [Theory]
    [InlineData("fr", "Récapitulatif d’inscription")]
    [InlineData("en", "Registration summary")]
    public void The_pdf_is_marked_with_its_language_its_title_and_a_structure_in_reading_order(string language, string title)
    {
        var document = new SummaryDocumentFactory(new ReadableDates(TimeZoneInfo.Utc), Options.Create(new ServiceOptions()))
            .Create(AccountSummaryFactory.Create(SummaryPdfTests.Account(language), language, StandardsProfile.Seed), language, DateTimeOffset.UnixEpoch);

        var pdf = PdfReader.Open(new MemoryStream(new PdfSharpSummaryRenderer().Render(document)), PdfDocumentOpenMode.Import);
        var catalog = pdf.Internals.Catalog;

        Assert.True(catalog.Elements.GetDictionary("/MarkInfo")?.Elements.GetBoolean("/Marked"), "/MarkInfo /Marked true");
        Assert.Equal(language, catalog.Elements.GetString("/Lang"));
        Assert.True(catalog.Elements.GetDictionary("/ViewerPreferences")?.Elements.GetBoolean("/DisplayDocTitle"), "/DisplayDocTitle true");
        Assert.Equal($"{title} – {document.ServiceName}", pdf.Info.Title);

        var root = catalog.Elements.GetDictionary("/StructTreeRoot");
        Assert.NotNull(root);
        var top = Assert.Single(Kids(root));
        Assert.Equal("/Document", Type(top));
        Assert.Equal(["/P", "/H1", "/P", "/L", "/P", "/P"], Kids(top).Select(Type));
        var items = Kids(Kids(top)[3]);
        Assert.Equal(document.Fields.Count, items.Count);
        Assert.All(items, item =>
        {
            Assert.Equal("/LI", Type(item));
            Assert.Equal(["/Lbl", "/LBody"], Kids(item).Select(Type));
        });

        // Every text drawn is inside marked content tied to the tree (an MCID); the two rules are artifacts.
        var page = pdf.Pages[0];
        Assert.True(page.Elements.ContainsKey("/StructParents"), "the page points to its entry in the parent tree");
        var content = string.Concat(Enumerable.Range(0, page.Contents.Elements.Count).Select(i => Encoding.Latin1.GetString(page.Contents.Elements.GetDictionary(i)!.Stream.UnfilteredValue)));
        var leaves = 5 + 2 * document.Fields.Count;
        Assert.InRange(content.Split("/MCID").Length - 1, leaves, 4 * leaves);
        Assert.Equal(2, content.Split("/Artifact").Length - 1);
        Assert.Equal(content.Split("BDC").Length - 1 + content.Split("BMC").Length - 1, content.Split("EMC").Length - 1);
    }

    private static List<PdfDictionary> Kids(PdfDictionary element)
    {
        var kids = element.Elements["/K"];
        var list = kids switch
        {
            PdfArray array => array.Elements.Select(Resolve),
            _ => [Resolve(kids!)],
        };
        return [.. list.OfType<PdfDictionary>().Where(d => d.Elements.ContainsKey("/S"))];
    }

    private static PdfItem? Resolve(PdfItem item) => item is PdfSharp.Pdf.Advanced.PdfReference reference ? reference.Value : item;

    private static string Type(PdfDictionary element) => element.Elements.GetName("/S");
}
