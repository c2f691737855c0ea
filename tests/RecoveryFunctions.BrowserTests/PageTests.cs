using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RecoveryFunctions.BrowserTests;

/// <summary>Every page on first visit: weight, first paint, reflow at 320 px, headers, and axe on the static ones.</summary>
[Collection(SiteCollection.Name)]
public sealed class PageTests(SiteFixture site)
{
    public static TheoryData<string, string> Pages => new()
    {
        { "/", "accueil" },
        { "/connexion/", "connexion" },
        { "/inscription/", "inscription" },
        { "/mot-de-passe-oublie/", "mot-de-passe-oublie" },
        { "/identifiant-oublie/", "identifiant-oublie" },
        { "/activation/", "activation" },
        { "/confirmation-adresse/", "confirmation-adresse" },
        { "/aide/", "aide" },
        { "/aide/demande/", "demande-assistance" },
        { "/assistance/", "assistance" },
        { "/nulle-part/", "404" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_FirstVisit_IsLightAndReflowsAt320Pixels(string path, string name)
    {
        var page = await site.NewPageAsync();
        var (bytes, firstPaint) = await site.Weights.MeasureAsync(page, site.Url(path), name);
        await File.WriteAllTextAsync(Path.Combine(SiteFixture.ScreenshotDirectory, "..", "page-weights.md"), site.Weights.ToMarkdown());
        Assert.InRange(bytes, 1, PageWeights.MaxImageCaptchaPageBytes);
        // The first paint is recorded for the README, not asserted: timings belong to measurements, not to tests
        // sharing a loaded machine. It must exist (the page painted).
        Assert.True(firstPaint > 0, $"{path} never painted");

        var narrow = await site.NewPageAsync(width: 320);
        await narrow.GotoAsync(site.Url(path));
        await Expect(narrow.Locator("h1")).ToBeVisibleAsync();
        Assert.True(await narrow.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 320"), $"{path} scrolls sideways at 320 px");
        await site.CheckPageAsync(narrow, name + "-320px");
    }

    [Fact]
    public async Task Site_Headers_AreTheConfigFilesStrictPolicy()
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var response = await http.GetAsync(new Uri(site.Url("/mot-de-passe-oublie/")));
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains($"connect-src 'self' {site.Api.BaseAddress.GetLeftPart(UriPartial.Authority)}", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Equal("no-referrer", string.Join(",", response.Headers.GetValues("Referrer-Policy")));

        var redirect = await http.GetAsync(new Uri(site.Url("/mot-de-passe-oublie")));
        Assert.Equal(System.Net.HttpStatusCode.MovedPermanently, redirect.StatusCode);
        Assert.Equal("/mot-de-passe-oublie/", redirect.Headers.Location?.ToString());
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync(new Uri(site.Url("/staticwebapp.config.json")))).StatusCode);
    }
}
