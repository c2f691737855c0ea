using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RecoveryFunctions.DevServices.CaptchEtat;
using static Microsoft.Playwright.Assertions;

namespace RecoveryFunctions.BrowserTests;

/// <summary>The site and API with <c>Captcha:Provider=CaptchEtat</c>, against the local emulation of the service.</summary>
public sealed class CaptchEtatSiteFixture : SiteFixture
{
    /// <summary>The text of the challenge the emulated service drew last: what the person reads on the image.</summary>
    public string LastText => Api.Services.GetRequiredService<LocalCaptchEtatStore>().LastText!;

    protected override IReadOnlyDictionary<string, string?> CaptchaSettings => new Dictionary<string, string?>
    {
        ["Captcha:Mode"] = "Image",
        ["Captcha:Provider"] = "CaptchEtat",
    };
}

/// <summary>The forgotten-password journey's first step with the State's captcha, as a person does it in the browser.</summary>
public sealed partial class CaptchEtatTests(CaptchEtatSiteFixture site) : IClassFixture<CaptchEtatSiteFixture>
{
    [Fact]
    public async Task ForgottenPassword_CaptchEtatImageHeardAndTyped_MailboxStep()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Url("/mot-de-passe-oublie/"));
        var image = page.Locator(".captcha-image");
        await Expect(image).ToHaveAttributeAsync("src", DataUri());
        await Expect(image).ToHaveAttributeAsync("alt", new Regex("caractères à recopier"));
        Assert.Null(await image.GetAttributeAsync("srcset"));
        var text = site.LastText;

        var audio = await page.RunAndWaitForResponseAsync(() => page.ClickAsync(".captcha-listen"), r => r.Url.EndsWith("/audio", StringComparison.Ordinal));
        Assert.Equal(200, audio.Status);
        Assert.StartsWith("audio/wav", audio.Headers["content-type"], StringComparison.Ordinal);
        // The browser only ever talks to the API: never to the service's host.
        Assert.StartsWith(site.Api.BaseAddress.GetLeftPart(UriPartial.Authority), audio.Url, StringComparison.Ordinal);
        await site.CheckPageAsync(page, "captchetat-mot-de-passe-oublie");

        await page.FillAsync("#email", $"captchetat.{Guid.NewGuid():N}@example.fr");
        await page.FillAsync("#captchaText", text);
        await page.ClickAsync("#identify-form button[type=submit]");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Consultez votre messagerie" })).ToBeFocusedAsync();
        await Expect(page.Locator("#steps")).ToHaveTextAsync("Étape 2 sur 4");
    }

    [GeneratedRegex("^data:image/png;base64,")]
    private static partial Regex DataUri();
}
