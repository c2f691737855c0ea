using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace RecoveryFunctions.BrowserTests;

/// <summary>Forgotten password (contract §2.3) as a person does it, cross-origin against the whole local system.</summary>
[Collection(SiteCollection.Name)]
public sealed class ForgottenPasswordTests(SiteFixture site, ITestOutputHelper output)
{
    private const string NewPassword = "Nouveau-Depart-2032";

    [Fact]
    public async Task ForgottenPassword_ByLinkFromMailboxPage_ResetsAndShowsSummary()
    {
        var account = await site.CreateActiveAccountAsync();
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Url("/mot-de-passe-oublie/"));
        await Expect(page.Locator(".captcha-image")).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("^data:image/png;base64,"));
        await Expect(page.Locator("#steps")).ToHaveTextAsync("Étape 1 sur 4");
        await site.CheckPageAsync(page, "mot-de-passe-oublie-1-vide");

        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator(".error-summary")).ToBeFocusedAsync();
        await Expect(page.Locator("#email")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#email")).ToHaveAttributeAsync("aria-describedby", "email-error");
        await site.CheckPageAsync(page, "mot-de-passe-oublie-1-erreur");

        var firstImage = await page.Locator(".captcha-image").GetAttributeAsync("src");
        await page.ClickAsync(".captcha-renew");
        await Expect(page.Locator(".captcha-status")).ToHaveTextAsync("Nouvelle image affichée.");
        Assert.NotEqual(firstImage, await page.Locator(".captcha-image").GetAttributeAsync("src"));

        await IdentifyAsync(page, account.Email);
        await site.CheckPageAsync(page, "mot-de-passe-oublie-2-messagerie");

        // The outbox delivers asynchronously: open the mailbox page once the email is there, as a person would.
        await site.WaitForEmailAsync(account.Email, m => m.TextBody!.Contains("/mot-de-passe-oublie#token=", StringComparison.Ordinal));
        await page.GotoAsync(site.Url("/boite-mail/"));
        await site.CheckPageAsync(page, "boite-mail", frames: false);
        var email = page.Locator("article.mail", new PageLocatorOptions { HasText = account.Email }).First;
        await email.Locator("ul.links a[href*='/mot-de-passe-oublie#token=']").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Réinitialiser votre mot de passe" })).ToBeVisibleAsync();
        Assert.DoesNotContain("#", page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain("token", page.Url, StringComparison.Ordinal);
        await site.CheckPageAsync(page, "mot-de-passe-oublie-lien");

        await page.ClickAsync("#link-form button[type=submit]");
        await AnswerAndResetAsync(page, account);
        await Expect(page.Locator("#summary")).ToContainTextAsync(account.SubscriberNumber);
        await Expect(page.Locator("#summary")).Not.ToContainTextAsync(account.Answer);
        await site.CheckPageAsync(page, "mot-de-passe-oublie-5-recapitulatif");
        Assert.DoesNotContain(site.ConsoleMessages, m => m.Contains(NewPassword, StringComparison.Ordinal) || m.Contains("token=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ForgottenPassword_ByCodeTypedOnPage_ExtendsThenResetsPassword()
    {
        var account = await site.CreateActiveAccountAsync();
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Url("/mot-de-passe-oublie/"));
        await IdentifyAsync(page, account.Email);
        var code = SiteFixture.CodeIn(await site.WaitForEmailAsync(account.Email, m => m.TextBody!.Contains("/mot-de-passe-oublie#token=", StringComparison.Ordinal)));

        await page.FillAsync("#code", "ZZZZ-ZZZZ");
        await page.ClickAsync("#code-form button[type=submit]");
        await Expect(page.Locator("#code")).ToHaveAttributeAsync("aria-invalid", "true");
        await site.CheckPageAsync(page, "mot-de-passe-oublie-2-code-erreur");

        await page.FillAsync("#code", code);
        await page.ClickAsync("#code-form button[type=submit]");
        await page.ClickAsync("#timer .timer-extend");
        await Expect(page.Locator("#timer .timer-alert")).ToContainTextAsync("Délai prolongé jusqu’à");
        await Expect(page.Locator("#timer .timer-extend")).ToBeFocusedAsync();
        await site.CheckPageAsync(page, "mot-de-passe-oublie-3-prolonge");
        await AnswerAndResetAsync(page, account, questionFocused: false);
    }

    [Fact]
    public async Task ForgottenPassword_ThreeWrongAnswers_ShowAttemptsLeftThenLockWithAssistance()
    {
        var account = await site.CreateActiveAccountAsync();
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Url("/mot-de-passe-oublie/"));
        await IdentifyAsync(page, account.Email);
        var code = SiteFixture.CodeIn(await site.WaitForEmailAsync(account.Email, m => m.TextBody!.Contains("/mot-de-passe-oublie#token=", StringComparison.Ordinal)));
        await page.FillAsync("#code", code);
        await page.ClickAsync("#code-form button[type=submit]");
        await Expect(page.Locator("#attempts")).ToHaveTextAsync("Tentatives restantes : 3.");
        await site.CheckPageAsync(page, "mot-de-passe-oublie-3-question");

        foreach (var left in new[] { 2, 1 })
        {
            await page.FillAsync("#answer", "Mauvaise réponse");
            await page.ClickAsync("#answer-form button[type=submit]");
            await Expect(page.Locator("#answer-error")).ToHaveTextAsync($"Réponse incorrecte. Tentatives restantes : {left}.");
            await Expect(page.Locator(".error-summary")).ToBeFocusedAsync();
            // Said once where the person is: the summary (generic heading, a link to the field) and the field.
            await Expect(page.Locator(".error-summary h3")).ToHaveTextAsync("Le formulaire contient des erreurs");
            await Expect(page.Locator(".error-summary a[href='#answer']")).ToHaveTextAsync($"Réponse incorrecte. Tentatives restantes : {left}.");
            await Expect(page.Locator("#attempts")).ToBeHiddenAsync();
        }

        await site.CheckPageAsync(page, "mot-de-passe-oublie-3-erreur");
        await page.FillAsync("#answer", "Mauvaise réponse");
        await page.ClickAsync("#answer-form button[type=submit]");
        var problem = page.Locator("section[data-step=problem]");
        await Expect(problem.Locator("h2")).ToBeFocusedAsync();
        await Expect(problem).ToHaveAttributeAsync("data-code", "recovery-locked");
        await Expect(problem.GetByRole(AriaRole.Link, new() { Name = "Contacter l’assistance" })).ToHaveAttributeAsync("href", "/aide/");
        await site.CheckPageAsync(page, "mot-de-passe-oublie-blocage");
    }

    [Fact]
    public async Task ForgottenPassword_KeyboardOnly_CompletesEveryStep()
    {
        var account = await site.CreateActiveAccountAsync();
        var page = await site.NewPageAsync();
        var journey = new JourneyClock(site, output, "emailed code, then the question");
        await page.GotoAsync(site.Url("/mot-de-passe-oublie/"));
        await SiteFixture.TabToAsync(page, "#email");
        await page.Keyboard.TypeAsync(account.Email);
        await SiteFixture.TabToAsync(page, "#captchaText");
        await page.Keyboard.TypeAsync("ABCDEF");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Consultez votre messagerie" })).ToBeFocusedAsync();

        var code = SiteFixture.CodeIn(await site.WaitForEmailAsync(account.Email, m => m.TextBody!.Contains("/mot-de-passe-oublie#token=", StringComparison.Ordinal)));
        await SiteFixture.TabToAsync(page, "#code");
        await page.Keyboard.TypeAsync(code);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Répondez à votre question de confiance" })).ToBeFocusedAsync();

        await SiteFixture.TabToAsync(page, "#answer");
        await page.Keyboard.TypeAsync(account.Answer);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Choisissez un nouveau mot de passe" })).ToBeFocusedAsync();

        await SiteFixture.ChooseNewPasswordByKeyboardAsync(page, NewPassword);
        journey.Report(screens: 4, emails: 2);
    }

    [Fact]
    public async Task ForgottenPassword_EnglishSwitch_TranslatesPageAndApiMessages()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Url("/mot-de-passe-oublie/"));
        await page.ClickAsync("#language-switch");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Forgotten password");
        await Expect(page.Locator("#steps")).ToHaveTextAsync("Step 1 of 4");

        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator(".error-summary h3")).ToHaveTextAsync("The form has errors");
        await page.FillAsync("#email", "not-an-address");
        await page.FillAsync("#captchaText", "ABCDEF");
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("#email-error")).ToContainTextAsync("valid email address");
        await site.CheckPageAsync(page, "forgotten-password-en-error");

        await page.ReloadAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Forgotten password");
        await Expect(page.Locator("#language-switch")).ToHaveAttributeAsync("lang", "fr");
    }

    [Fact]
    public async Task RecoveryLink_Expired_ShowsExpiredPageAndRestartLink()
    {
        var account = await site.CreateActiveAccountAsync();
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Url("/mot-de-passe-oublie/"));
        await IdentifyAsync(page, account.Email);
        var link = SiteFixture.LinkIn(await site.WaitForEmailAsync(account.Email, m => m.TextBody!.Contains("/mot-de-passe-oublie#token=", StringComparison.Ordinal)), "mot-de-passe-oublie");

        using (site.Clock.Advance(TimeSpan.FromMinutes(31)))
        {
            await page.GotoAsync(link);
            await page.ClickAsync("#link-form button[type=submit]");
            var problem = page.Locator("section[data-step=problem]");
            await Expect(problem).ToHaveAttributeAsync("data-code", "link-expired");
            await Expect(problem.Locator("h2")).ToHaveTextAsync("Lien expiré");
            await Expect(problem.GetByRole(AriaRole.Link, new() { Name = "Recommencer la démarche" })).ToBeVisibleAsync();
            await site.CheckPageAsync(page, "lien-expire");
        }
    }

    [Fact]
    public async Task RecoveryLink_ScannedThenUsedThenOpenedAgain_OnlyThePressSpendsIt()
    {
        var account = await site.CreateActiveAccountAsync();
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Url("/mot-de-passe-oublie/"));
        await IdentifyAsync(page, account.Email);
        var link = SiteFixture.LinkIn(await site.WaitForEmailAsync(account.Email, m => m.TextBody!.Contains("/mot-de-passe-oublie#token=", StringComparison.Ordinal)), "mot-de-passe-oublie");
        // A mail scanner loads the link and runs its script, but presses nothing: the token stays unspent.
        var scanner = await site.NewPageAsync();
        await scanner.GotoAsync(link, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        await Expect(scanner.Locator("#link-form button[type=submit]")).ToBeEnabledAsync();

        await page.GotoAsync(link);
        await page.ClickAsync("#link-form button[type=submit]");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Répondez à votre question de confiance" })).ToBeVisibleAsync();

        await page.GotoAsync(link);
        await page.ClickAsync("#link-form button[type=submit]");
        var problem = page.Locator("section[data-step=problem]");
        await Expect(problem).ToHaveAttributeAsync("data-code", "link-used");
        await site.CheckPageAsync(page, "lien-utilise");

        await page.GotoAsync(site.Url("/mot-de-passe-oublie/#token=not-a-real-token"));
        await page.ClickAsync("#link-form button[type=submit]");
        await Expect(problem).ToHaveAttributeAsync("data-code", "link-invalid");
        await site.CheckPageAsync(page, "lien-invalide");
    }

    private async Task IdentifyAsync(IPage page, string email)
    {
        await page.FillAsync("#email", email);
        await page.FillAsync("#captchaText", "ABCDEF");
        await page.ClickAsync("#identify-form button[type=submit]");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Consultez votre messagerie" })).ToBeFocusedAsync();
        await Expect(page.Locator("#steps")).ToHaveTextAsync("Étape 2 sur 4");
        await Expect(page.Locator("#timer .timer-text")).ToContainTextAsync("Temps restant");
    }

    private async Task AnswerAndResetAsync(IPage page, TestAccount account, bool questionFocused = true)
    {
        var question = page.GetByRole(AriaRole.Heading, new() { Name = "Répondez à votre question de confiance" });
        await (questionFocused ? Expect(question).ToBeFocusedAsync() : Expect(question).ToBeVisibleAsync());
        await Expect(page.Locator("#steps")).ToHaveTextAsync("Étape 3 sur 4");
        await page.FillAsync("#answer", account.Answer.ToUpperInvariant());
        await page.ClickAsync("#answer-form button[type=submit]");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Choisissez un nouveau mot de passe" })).ToBeFocusedAsync();
        await site.CheckPageAsync(page, "mot-de-passe-oublie-4-vide");

        await page.FillAsync("#newPassword", "court");
        await Expect(page.Locator("#newPassword-rules li[data-rule=length]")).Not.ToHaveClassAsync("met");
        await page.FillAsync("#newPassword", NewPassword);
        await Expect(page.Locator("#newPassword-rules li.met")).ToHaveCountAsync(5);
        await page.FillAsync("#newPasswordConfirmation", NewPassword + "x");
        await page.ClickAsync("#password-form button[type=submit]");
        await Expect(page.Locator("#newPasswordConfirmation")).ToHaveAttributeAsync("aria-invalid", "true");
        await site.CheckPageAsync(page, "mot-de-passe-oublie-4-erreur");

        await page.FillAsync("#newPasswordConfirmation", NewPassword);
        await page.ClickAsync("#password-form button[type=submit]");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Votre mot de passe a été modifié" })).ToBeFocusedAsync();
    }
}
