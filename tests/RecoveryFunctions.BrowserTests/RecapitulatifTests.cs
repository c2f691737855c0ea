using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RecoveryFunctions.BrowserTests;

/// <summary>
/// The récapitulatif in hand (issue 25, item 2): "Imprimer" prints it alone, "Télécharger le récapitulatif (PDF)" gives
/// the server's tagged PDF in the account space and a PDF made in the page after an activation (no session there),
/// keyboard only.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class RecapitulatifTests(SiteFixture site)
{
    [Fact]
    public async Task Account_space_downloads_the_tagged_pdf_and_prints_the_recapitulatif_alone()
    {
        var account = await site.CreateActiveAccountAsync();
        var page = await site.NewPageAsync();
        await StubPrintAsync(page);
        await site.SignInByKeyboardAsync(page, account);
        await Expect(page.Locator("#summary")).ToContainTextAsync(account.Email);

        var pdf = await DownloadByKeyboardAsync(page);
        Assert.Equal("recapitulatif-inscription.pdf", pdf.Name);
        var text = Encoding.Latin1.GetString(pdf.Bytes);
        Assert.StartsWith("%PDF-", text, StringComparison.Ordinal);
        foreach (var tagged in new[] { "/StructTreeRoot", "/MarkInfo", "/Lang(fr)", "/DisplayDocTitle true" })
        {
            Assert.Contains(tagged, text, StringComparison.Ordinal);
        }

        await Expect(page.Locator(".summary-status")).ToHaveTextAsync("Le récapitulatif a été téléchargé.");
        await PrintByKeyboardAsync(page, "compte-impression-recapitulatif");
    }

    [Fact]
    public async Task After_activation_the_recapitulatif_is_printed_or_downloaded_without_a_session()
    {
        var (account, token) = await site.RegisterAsync();
        var page = await site.NewPageAsync();
        await StubPrintAsync(page);
        await page.GotoAsync(site.Url("/activation/#token=" + Uri.EscapeDataString(token)));
        await SiteFixture.TabToAsync(page, "section[data-step=confirm] button[type=submit]");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#summary")).ToContainTextAsync(account.Email);
        await site.CheckPageAsync(page, "activation-recapitulatif-actions");

        var pdf = await DownloadByKeyboardAsync(page);
        Assert.Equal("recapitulatif-inscription.pdf", pdf.Name);
        var text = Encoding.Latin1.GetString(pdf.Bytes);
        Assert.StartsWith("%PDF-", text, StringComparison.Ordinal);
        Assert.Contains("/Lang (fr-FR)", text.Replace("/Lang(", "/Lang (", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("/DisplayDocTitle true", text, StringComparison.Ordinal);
        await PrintByKeyboardAsync(page, "activation-impression-recapitulatif");
    }

    /// <summary>A print dialog would block a headless run: the page's print() is recorded instead.</summary>
    private static Task StubPrintAsync(IPage page) => page.AddInitScriptAsync("window.print = () => { window.printed = (window.printed ?? 0) + 1; };");

    private static async Task<(string Name, byte[] Bytes)> DownloadByKeyboardAsync(IPage page)
    {
        await SiteFixture.TabToAsync(page, ".summary-actions button[data-i18n='summary.download']");
        var download = page.WaitForDownloadAsync();
        await page.Keyboard.PressAsync("Enter");
        var file = await download;
        await using var stream = await file.CreateReadStreamAsync();
        using var bytes = new MemoryStream();
        await stream.CopyToAsync(bytes);
        return (file.SuggestedFilename, bytes.ToArray());
    }

    /// <summary>"Imprimer" by keyboard, then the page as printed: the récapitulatif's heading and list, nothing else.</summary>
    private async Task PrintByKeyboardAsync(IPage page, string screenshot)
    {
        // "Imprimer" sits just before "Télécharger": from the download just made, it is one Shift+Tab back.
        const string print = ".summary-actions button[data-i18n='summary.print']";
        var focusIsAfter = await page.EvaluateAsync<bool>(
            "s => { const a = document.activeElement; return !!a && !!(document.querySelector(s).compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING); }", print);
        await SiteFixture.TabToAsync(page, print, backwards: focusIsAfter);
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.printed"));
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(page.Locator("#summary")).ToBeVisibleAsync();
        await Expect(page.Locator("#summary + .summary-actions")).ToBeHiddenAsync();
        await Expect(page.Locator("header.site-header")).ToBeHiddenAsync();
        await Expect(page.Locator("footer.site-footer")).ToBeHiddenAsync();
        var visibleHeadings = await page.Locator("main h1, main h2, main h3").EvaluateAllAsync<string[]>(
            "nodes => nodes.filter(n => n.offsetParent !== null).map(n => n.textContent)");
        Assert.Equal(["Récapitulatif de votre espace"], visibleHeadings);
        await page.ScreenshotAsync(new() { Path = Path.Combine(SiteFixture.ScreenshotDirectory, screenshot + ".png"), FullPage = true });
        await page.EmulateMediaAsync(new() { Media = Media.Screen });
    }
}
