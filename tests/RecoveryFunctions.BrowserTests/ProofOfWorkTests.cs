using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using RecoveryFunctions.Core.Identity;
using static Microsoft.Playwright.Assertions;

namespace RecoveryFunctions.BrowserTests;

/// <summary>
/// The <c>ProofOfWork</c> captcha in the browser (issue 14): the ALTCHA widget solves the API's challenge, the form
/// sends the solution as <c>captchaProof</c>, and the API checks it for real. Each state is checked with axe.
/// </summary>
[Collection(ProofOfWorkSiteCollection.Name)]
public sealed class ProofOfWorkTests(ProofOfWorkSiteFixture site)
{
    private const string Widget = "fieldset.captcha altcha-widget";

    [Fact]
    public async Task ForgottenPassword_ProofOfWork_WidgetSolvesInTheBrowserAndTheApiAcceptsIt()
    {
        var page = await site.NewPageAsync();
        // The worker file is held back: the widget stays "solving" while the page is checked and submitted.
        var worker = new TaskCompletionSource();
        await page.RouteAsync("**/vendor/altcha/sha.js", async route => { await worker.Task; await route.ContinueAsync(); });
        await page.GotoAsync(site.Url("/mot-de-passe-oublie/"));
        await Expect(page.Locator(Widget)).ToBeVisibleAsync();
        await Expect(page.Locator(".captcha-status")).ToHaveTextAsync("Vérification anti-robot en cours, quelques secondes.");
        // Nothing to read or hear: no image, no text field, no audio; the way out is there.
        await Expect(page.Locator(".captcha-image")).ToBeHiddenAsync();
        await Expect(page.Locator("#captchaText")).ToBeHiddenAsync();
        await Expect(page.Locator(".captcha-listen")).ToBeHiddenAsync();
        await Expect(page.Locator(".captcha-way-out a[href='/aide/demande/']")).ToBeVisibleAsync();
        await site.CheckPageAsync(page, "pow-1-en-cours");

        await page.FillAsync("#email", $"pow-{Guid.NewGuid():N}@example.org");
        await page.ClickAsync("#identify-form button[type=submit]");
        await Expect(page.Locator(".error-summary")).ToBeFocusedAsync();
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("pas encore terminée");
        await site.CheckPageAsync(page, "pow-2-pas-pret");

        worker.SetResult();
        await WaitSolvedAsync(page);
        await site.CheckPageAsync(page, "pow-3-resolu");

        var request = await page.RunAndWaitForRequestAsync(
            () => page.ClickAsync("#identify-form button[type=submit]"), r => r.Url.EndsWith("/api/password-recovery", StringComparison.Ordinal) && r.Method == "POST");
        var body = JsonNode.Parse(request.PostData!)!.AsObject();
        Assert.False(body.ContainsKey("captchaText"));
        Assert.False(string.IsNullOrEmpty((string?)body["captchaProof"]));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Consultez votre messagerie" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ProofOfWork_WidgetFails_SummarySaysSoAndANewCheckSolves()
    {
        var page = await site.NewPageAsync();
        // Until the person asks for a new check, every challenge names an algorithm no worker knows: the widget ends in
        // its error state however often it (or the page) starts again.
        var corrupt = true;
        await page.RouteAsync("**/api/captchas", async route =>
        {
            if (!corrupt || route.Request.Method != "POST")
            {
                await route.ContinueAsync();
                return;
            }

            var response = await route.FetchAsync();
            var challenge = JsonNode.Parse(await response.TextAsync())!;
            challenge["proofOfWork"]!["algorithm"] = "SHA-999";
            await route.FulfillAsync(new RouteFulfillOptions { Response = response, Body = challenge.ToJsonString() });
        });
        await page.GotoAsync(site.Url("/mot-de-passe-oublie/"));
        await Expect(page.Locator(".captcha-status")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("a échoué"));
        await page.FillAsync("#email", $"pow-{Guid.NewGuid():N}@example.org");
        await Expect(page.Locator("fieldset.captcha altcha-widget [data-state]")).ToHaveAttributeAsync("data-state", "error");
        // Clicking "send" puts the failed widget back to "unverified" (it does not start again): still a failure.
        await page.ClickAsync("#identify-form button[type=submit]");
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("Relancer la vérification");
        await site.CheckPageAsync(page, "pow-4-echec");

        corrupt = false;
        await page.ClickAsync(".captcha-renew");
        await WaitSolvedAsync(page);
        await page.ClickAsync("#identify-form button[type=submit]");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Consultez votre messagerie" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ProofOfWork_ForgedProof_RefusedWithAClearMessageAndANewCheck()
    {
        var page = await site.NewPageAsync();
        var forged = false;
        await page.RouteAsync("**/api/password-recovery", async route =>
        {
            if (forged || route.Request.Method != "POST")
            {
                await route.ContinueAsync();
                return;
            }

            // The widget's solution with another number: the hash no longer matches the challenge.
            forged = true;
            var body = JsonNode.Parse(route.Request.PostData!)!;
            var proof = JsonNode.Parse(Convert.FromBase64String((string)body["captchaProof"]!))!;
            proof["number"] = (int)proof["number"]! + 1;
            body["captchaProof"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(proof.ToJsonString()));
            await route.ContinueAsync(new RouteContinueOptions { PostData = Encoding.UTF8.GetBytes(body.ToJsonString()) });
        });
        await page.GotoAsync(site.Url("/mot-de-passe-oublie/"));
        await page.FillAsync("#email", $"pow-{Guid.NewGuid():N}@example.org");
        await WaitSolvedAsync(page);
        await page.ClickAsync("#identify-form button[type=submit]");

        await Expect(page.Locator(".error-summary")).ToBeFocusedAsync();
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("La vérification anti-robot a été refusée. Une nouvelle vérification est lancée");
        await site.CheckPageAsync(page, "pow-5-refusee");

        // The refusal spent the challenge; the new one the page asked for goes through.
        await WaitSolvedAsync(page);
        await page.ClickAsync("#identify-form button[type=submit]");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Consultez votre messagerie" })).ToBeVisibleAsync();
        Assert.True(forged);
    }

    [Theory]
    [InlineData("/mot-de-passe-oublie/")]
    [InlineData("/identifiant-oublie/")]
    [InlineData("/inscription/")]
    [InlineData("/aide/demande/")]
    public async Task Page_ProofOfWorkFirstVisit_WidgetIncludedStaysUnderBudget(string path)
    {
        var page = await site.NewPageAsync();
        var (bytes, _) = await site.Weights.MeasureAsync(page, site.Url(path), path + " (ProofOfWork)");
        await File.WriteAllTextAsync(Path.Combine(SiteFixture.ScreenshotDirectory, "..", "page-weights-proof-of-work.md"), site.Weights.ToMarkdown());
        Assert.InRange(bytes, 1, PageWeights.MaxBytes);
        await WaitSolvedAsync(page);
    }

    [Fact]
    public async Task ProofOfWork_KeyboardOnly_RenewsReachesTheWayOutAndSubmits()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Url("/identifiant-oublie/"));
        await SiteFixture.TabToAsync(page, "#subscriberNumber");
        await page.Keyboard.TypeAsync(SubscriberNumber.Generate());
        await WaitSolvedAsync(page);
        await SiteFixture.TabToAsync(page, ".captcha-renew");
        var renewed = page.WaitForResponseAsync(r => r.Url.EndsWith("/api/captchas", StringComparison.Ordinal) && r.Request.Method == "POST");
        await page.Keyboard.PressAsync("Enter");
        await renewed;
        await WaitSolvedAsync(page);
        await SiteFixture.TabToAsync(page, ".captcha-way-out a");
        await SiteFixture.TabToAsync(page, "#username-form button[type=submit]");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Consultez votre messagerie" })).ToBeFocusedAsync();
    }

    [Fact]
    public async Task ProofOfWork_SendRightAfterRenew_SaysWaitAndNeverSendsTheOldProof()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Url("/mot-de-passe-oublie/"));
        await page.FillAsync("#email", $"pow-{Guid.NewGuid():N}@example.org");
        await WaitSolvedAsync(page);
        // The new challenge is held back: the old one is solved, the new one not yet there.
        var release = new TaskCompletionSource();
        await page.RouteAsync("**/api/captchas", async route => { await release.Task; await route.ContinueAsync(); });
        var sent = 0;
        page.Request += (_, request) => { if (request.Url.EndsWith("/api/password-recovery", StringComparison.Ordinal)) sent++; };

        await page.ClickAsync(".captcha-renew");
        await page.ClickAsync("#identify-form button[type=submit]");

        await Expect(page.Locator(".error-summary")).ToContainTextAsync("pas encore terminée");
        Assert.Equal(0, sent);
        release.SetResult();
        await WaitSolvedAsync(page);
        await page.ClickAsync("#identify-form button[type=submit]");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Consultez votre messagerie" })).ToBeVisibleAsync();
        Assert.Equal(1, sent);
    }

    [Fact]
    public async Task ProofOfWork_EnglishSwitch_WidgetAndMessagesFollow()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Url("/mot-de-passe-oublie/"));
        await WaitSolvedAsync(page);
        await page.ClickAsync("#language-switch");
        await Expect(page.Locator(Widget)).ToHaveAttributeAsync("language", "en");
        await Expect(page.Locator(".captcha-status")).ToHaveTextAsync("Anti-robot check done: you can send the form.");
        await Expect(page.Locator(Widget)).ToContainTextAsync("Checked");
        await site.CheckPageAsync(page, "pow-6-english");
    }

    /// <summary>The widget reached "verified" and the page told screen readers so.</summary>
    internal static async Task WaitSolvedAsync(IPage page)
    {
        await Expect(page.Locator(".captcha-status")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(Vérification anti-robot terminée|Anti-robot check done)"), new() { Timeout = 60_000 });
        Assert.Equal("verified", await page.EvaluateAsync<string>($"() => document.querySelector('{Widget}').getState()"));
    }
}

/// <summary><c>Image+ProofOfWork</c>: the image and the widget together, one "new image" for both, both sent.</summary>
[Collection(ImageAndProofOfWorkSiteCollection.Name)]
public sealed class ImageAndProofOfWorkTests(ImageAndProofOfWorkSiteFixture site)
{
    [Fact]
    public async Task UsernameRecovery_ImageAndProofOfWork_RenewsBothAndSendsBoth()
    {
        var page = await site.NewPageAsync();
        // Recorded for the README, not held to the budget: the 2× image and the widget together exceed it (see there).
        await site.Weights.MeasureAsync(page, site.Url("/identifiant-oublie/"), "/identifiant-oublie/ (Image+ProofOfWork)");
        await File.WriteAllTextAsync(Path.Combine(SiteFixture.ScreenshotDirectory, "..", "page-weights-image-proof-of-work.md"), site.Weights.ToMarkdown());
        await Expect(page.Locator(".captcha-image")).ToBeVisibleAsync();
        await Expect(page.Locator("fieldset.captcha altcha-widget")).ToBeVisibleAsync();
        await ProofOfWorkTests.WaitSolvedAsync(page);
        await site.CheckPageAsync(page, "image-pow-resolu");

        var firstImage = await page.Locator(".captcha-image").GetAttributeAsync("src");
        var renewed = await page.RunAndWaitForResponseAsync(() => page.ClickAsync(".captcha-renew"), r => r.Url.EndsWith("/api/captchas", StringComparison.Ordinal));
        var challenge = JsonNode.Parse(await renewed.TextAsync())!;
        await ProofOfWorkTests.WaitSolvedAsync(page);
        Assert.NotEqual(firstImage, await page.Locator(".captcha-image").GetAttributeAsync("src"));

        await page.FillAsync("#subscriberNumber", SubscriberNumber.Generate());
        await page.FillAsync("#captchaText", "ABCDEF");
        var request = await page.RunAndWaitForRequestAsync(
            () => page.ClickAsync("#username-form button[type=submit]"), r => r.Url.EndsWith("/api/username-recovery", StringComparison.Ordinal) && r.Method == "POST");
        var body = JsonNode.Parse(request.PostData!)!;
        Assert.Equal((string?)challenge["captchaId"], (string?)body["captchaId"]);
        Assert.Equal("ABCDEF", (string?)body["captchaText"]);
        // The proof answers the renewed challenge: SHA-256(salt + number) is its challenge, as the API will check.
        var proof = JsonNode.Parse(Convert.FromBase64String((string)body["captchaProof"]!))!;
        var pow = challenge["proofOfWork"]!;
        Assert.Equal((string?)pow["challenge"], (string?)proof["challenge"]);
        Assert.Equal((string?)pow["signature"], (string?)proof["signature"]);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes((string)proof["salt"]! + (int)proof["number"]!)));
        Assert.Equal((string?)pow["challenge"], hash);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Consultez votre messagerie" })).ToBeFocusedAsync();
    }
}
