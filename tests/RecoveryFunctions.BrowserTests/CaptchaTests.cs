using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RecoveryFunctions.BrowserTests;

/// <summary>The shared captcha component's alternatives (contract §4, RGAA 1.5): 2× image, alt text, length, audio.</summary>
[Collection(SiteCollection.Name)]
public sealed partial class CaptchaTests(SiteFixture site)
{
    [Fact]
    public async Task Captcha_ListenButton_PlaysTheCodeAsWavInThePageLanguage()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Url("/identifiant-oublie/"));
        var image = page.Locator(".captcha-image");
        await Expect(image).ToHaveAttributeAsync("srcset", TwoTimesImage());
        await Expect(image).ToHaveAttributeAsync("alt", new Regex("6"));
        await Expect(page.Locator("#captchaText")).ToHaveAttributeAsync("maxlength", "6");
        await Expect(page.Locator("label[for=captchaText]")).ToContainTextAsync("6 caractères");

        var response = await page.RunAndWaitForResponseAsync(
            () => page.ClickAsync(".captcha-listen"), r => r.Url.EndsWith("/audio", StringComparison.Ordinal));
        Assert.Equal(200, response.Status);
        Assert.StartsWith("audio/wav", response.Headers["content-type"], StringComparison.Ordinal);
        Assert.Equal("fr", response.Request.Headers["accept-language"]);
        var player = page.Locator("audio.captcha-audio");
        await Expect(player).ToBeVisibleAsync();
        await Expect(player).ToHaveAttributeAsync("src", new Regex("^blob:"));
        // Decodable: the browser read the WAV's header and knows its length.
        await page.WaitForFunctionAsync("() => { const a = document.querySelector('audio.captcha-audio'); return a.readyState >= 1 && a.duration > 0 && !a.error; }");
        await Expect(page.Locator(".captcha-status")).ToContainTextAsync("lu à voix haute");
        await site.CheckPageAsync(page, "captcha-audio");

        // A new image silences the old challenge's audio.
        await page.ClickAsync(".captcha-renew");
        await Expect(player).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Captcha_HelpdeskPhoneInSiteConfig_WayOutOffersTheRequestAndThePhone()
    {
        var page = await site.NewPageAsync();
        // A deployment's build step writes helpdeskPhone (HELPDESK_PHONE) into config.json; the local server has none.
        await page.RouteAsync("**/config.json", async route =>
        {
            var response = await route.FetchAsync();
            var config = System.Text.Json.Nodes.JsonNode.Parse(await response.TextAsync())!;
            config["helpdeskPhone"] = "01 23 45 67 89";
            await route.FulfillAsync(new RouteFulfillOptions { Response = response, Body = config.ToJsonString() });
        });
        await page.GotoAsync(site.Url("/mot-de-passe-oublie/"));
        var wayOut = page.Locator(".captcha-way-out");
        await Expect(wayOut).ToHaveTextAsync("Si vous ne parvenez pas à passer cette vérification, écrivez à l’assistance ou appelez l’assistance au 01 23 45 67 89.");
        await Expect(wayOut.Locator("a[href='tel:0123456789']")).ToBeVisibleAsync();

        // The request page offers the phone only: a link to itself would lead nowhere.
        await page.GotoAsync(site.Url("/aide/demande/"));
        await Expect(wayOut.Locator("a[href='tel:0123456789']")).ToBeVisibleAsync();
        await Expect(wayOut.Locator("a[href='/aide/demande/']")).ToHaveCountAsync(0);
        await site.CheckPageAsync(page, "captcha-issue-telephone");
    }

    [GeneratedRegex(@"^data:image/png;base64,\S+ 2x$")]
    private static partial Regex TwoTimesImage();
}
