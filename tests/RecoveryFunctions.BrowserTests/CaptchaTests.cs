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

        // Keyboard only: the page's own button, one tab stop, plays it (no native controls and their five stops).
        await SiteFixture.TabToAsync(page, ".captcha-listen");
        var response = await page.RunAndWaitForResponseAsync(
            () => page.Keyboard.PressAsync("Enter"), r => r.Url.EndsWith("/audio", StringComparison.Ordinal));
        Assert.Equal(200, response.Status);
        Assert.StartsWith("audio/wav", response.Headers["content-type"], StringComparison.Ordinal);
        Assert.Equal("fr", response.Request.Headers["accept-language"]);
        var player = page.Locator("audio.captcha-audio");
        await Expect(player).ToHaveAttributeAsync("src", new Regex("^blob:"));
        await Expect(player).Not.ToHaveAttributeAsync("controls", new Regex(".*"));
        await Expect(player).ToBeHiddenAsync();
        // Decodable: the browser read the WAV's header and knows its length.
        await page.WaitForFunctionAsync("() => { const a = document.querySelector('audio.captcha-audio'); return a.readyState >= 1 && a.duration > 0 && !a.error; }");
        await Expect(page.Locator(".captcha-status")).ToContainTextAsync("lu à voix haute");
        var listen = page.Locator(".captcha-listen");
        await Expect(listen).ToHaveTextAsync("Réécouter le code");
        await Expect(listen).ToBeFocusedAsync();
        // Its focus is seen: the site's 3 px outline, not the browser's faint ring.
        Assert.Equal("3px", await listen.EvaluateAsync<string>("b => getComputedStyle(b).outlineWidth"));
        await site.CheckPageAsync(page, "captcha-audio");
        // The next Tab leaves the audio behind: from the button straight to the characters' field.
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#captchaText")).ToBeFocusedAsync();

        // Pressed again, it reads the same audio from the start, without fetching it again.
        var source = await player.GetAttributeAsync("src");
        await SiteFixture.TabToAsync(page, ".captcha-listen");
        await page.Keyboard.PressAsync("Enter");
        await Expect(player).ToHaveAttributeAsync("src", source!);

        // A new image silences the old challenge's audio.
        await page.ClickAsync(".captcha-renew");
        await Expect(player).Not.ToHaveAttributeAsync("src", new Regex(".*"));
        await Expect(listen).ToHaveTextAsync("Écouter le code");
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

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public async Task Captcha_TwoTimesImage_FetchedOnlyByADenseScreen(float deviceScaleFactor, bool twoTimes)
    {
        // The 1× image comes in the challenge; the browser picks the 2× one from `srcset` only where it needs it.
        var page = await site.NewPageAsync(deviceScaleFactor: deviceScaleFactor);
        await page.GotoAsync(site.Url("/mot-de-passe-oublie/"));
        var image = page.Locator(".captcha-image");
        await Expect(image).ToHaveAttributeAsync("srcset", TwoTimesImage());
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('.captcha-image'); return i.complete && i.naturalWidth > 0 && i.currentSrc; }");

        var chosen = await image.EvaluateAsync<string>("i => i.currentSrc");
        Assert.Equal(twoTimes, chosen.EndsWith("/image2x", StringComparison.Ordinal));
        Assert.Equal(!twoTimes, chosen.StartsWith("data:image/png;base64,", StringComparison.Ordinal));
        // Drawn at 440×160 when fetched, shown at 220×80 CSS pixels either way.
        Assert.Equal(220, await image.EvaluateAsync<int>("i => i.naturalWidth"));
        Assert.Equal(twoTimes ? 2 : 1, await page.EvaluateAsync<double>("() => devicePixelRatio"));
    }

    [GeneratedRegex(@"^https?://[^ ]+/api/captchas/[^ /]+/image2x 2x$")]
    private static partial Regex TwoTimesImage();
}
