using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RecoveryFunctions.BrowserTests;

/// <summary>
/// Every page (every HTML file of the site) in a browser whose scripts cannot run (issue 25 item 11): the page is whole
/// from its HTML alone (skip link, header with its navigation, main heading, labelled fields and groups, footer), says in plain
/// words that nothing can be sent and why its buttons are inactive, and points to the help page.
/// Checked on the DOM, not by axe: axe.run settles through the page's own timers, which never fire with scripts off.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class NoScriptTests(SiteFixture site)
{
    public static TheoryData<string, string> Pages => SitePages.Addresses();

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_WithoutJavaScript_IsWholeAndSaysSo(string path, string name)
    {
        var page = await site.NewPageAsync(javaScriptEnabled: false);
        await page.GotoAsync(site.Url(path));

        await Expect(page.Locator("body > a.skip-link[href='#contenu']")).ToHaveTextAsync("Aller au contenu");
        await Expect(page.Locator("main#contenu h1")).ToBeVisibleAsync();
        var header = page.Locator("body > header.site-header");
        var menu = header.GetByRole(AriaRole.Navigation, new() { Name = "Menu" });
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Se connecter" })).ToHaveAttributeAsync("href", "/connexion/");
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Aide", Exact = true })).ToHaveAttributeAsync("href", "/aide/");
        // Only what works without a script is offered: no language switch, no sign-out (the session is the script's).
        await Expect(header.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        var footer = page.Locator("body > footer.site-footer");
        await Expect(footer.GetByRole(AriaRole.Link, new() { Name = "Contacter l’assistance" })).ToHaveAttributeAsync("href", "/aide/");
        await Expect(footer.GetByRole(AriaRole.Link, new() { Name = "Accueil" })).ToHaveAttributeAsync("href", "/");

        var notice = page.Locator("main .notice.warning", new() { HasText = "JavaScript ne fonctionne pas dans votre navigateur" });
        await Expect(notice).ToContainTextAsync("aucun formulaire ne peut être envoyé (les boutons d’envoi restent inactifs)");
        await Expect(notice.GetByRole(AriaRole.Link, new() { Name = "Aide et assistance" })).ToHaveAttributeAsync("href", "/aide/");
        // The decision the notice explains: a native submit of these forms (no method, no action) would put the fields in
        // the page's URL, so every submit button stays disabled until a script takes the form over.
        await Expect(page.Locator("button[type=submit]:enabled")).ToHaveCountAsync(0);
        // Every field and group shown has its label or legend in the HTML itself (nothing written by a script); the
        // captcha's fieldset, which only a script fills, is not shown as an empty box.
        var unlabelled = await page.EvaluateAsync<string[]>("""
            () => [
              ...[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
                .filter((field) => field.checkVisibility() && !(field.labels?.length && [...field.labels].some((l) => l.textContent.trim())))
                .map((field) => field.id || field.name),
              ...[...document.querySelectorAll('fieldset')]
                .filter((group) => group.checkVisibility() && !group.querySelector(':scope > legend')?.textContent.trim())
                .map((group) => `fieldset.${group.className}`),
            ]
            """);
        Assert.True(unlabelled.Length == 0, $"{path}: fields or groups without a label: {string.Join(", ", unlabelled)}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(SiteFixture.ScreenshotDirectory, name + "-sans-javascript.png"), FullPage = true });
    }
}
