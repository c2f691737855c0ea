using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RecoveryFunctions.BrowserTests;

/// <summary>
/// Every page in a browser whose scripts cannot run (issue 25 item 11, the slice done): the page says so in plain
/// words and points to the help page, and its heading and its fields' labels are in the HTML.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class NoScriptTests(SiteFixture site)
{
    [Theory]
    [MemberData(nameof(PageTests.Pages), MemberType = typeof(PageTests))]
    public async Task Page_WithoutJavaScript_SaysSoAndPointsToHelp(string path, string name)
    {
        var page = await site.NewPageAsync(javaScriptEnabled: false);
        await page.GotoAsync(site.Url(path));

        await Expect(page.Locator("h1")).ToBeVisibleAsync();
        var notice = page.Locator("main .notice.warning", new() { HasText = "JavaScript ne fonctionne pas dans votre navigateur" });
        await Expect(notice).ToBeVisibleAsync();
        await Expect(notice.GetByRole(AriaRole.Link, new() { Name = "Aide et assistance" })).ToHaveAttributeAsync("href", "/aide/");
        // Every field shown has its label in the HTML itself (nothing written by a script).
        var unlabelled = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
              .filter((field) => field.checkVisibility() && !(field.labels?.length && [...field.labels].some((l) => l.textContent.trim())))
              .map((field) => field.id || field.name)
            """);
        Assert.True(unlabelled.Length == 0, $"{path}: fields without a label: {string.Join(", ", unlabelled)}");
        // Not axe: axe.run settles through the page's own timers, which never fire with scripts off (it hung here).
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(SiteFixture.ScreenshotDirectory, name + "-sans-javascript.png"), FullPage = true });
    }
}
