using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RecoveryFunctions.BrowserTests;

/// <summary>
/// The holder's pages under the ASVS profile (docs/security/standards-profile.md, "In the pages"), keyboard only and
/// axe at 0 violations on every new screen: registration without a question and with the profile's password rules,
/// recovery codes, then the forgotten password with the mailbox code and the "Code de secours" factor step.
/// </summary>
[Collection(AsvsSiteCollection.Name)]
public sealed partial class AsvsJourneyTests(AsvsSiteFixture site)
{
    private const string NewPassword = "Falaise-Douce-2034";
    private const string WrongCode = "2345-6789-ABCD-EFGH-JKMN-PQRS";

    [Fact]
    public async Task Asvs_KeyboardOnly_RegisterWithoutQuestion_Codes_ForgottenPasswordThroughTheFactor()
    {
        var account = TestAccount.New();
        var page = await site.NewPageAsync();
        var bodiesSent = new List<string>();
        page.Request += (_, request) => bodiesSent.Add(request.PostData ?? string.Empty);

        // Registration: the question's fields are gone from the form, the rules are the profile's (15–128, no composition).
        await page.GotoAsync(site.Url("/inscription/"));
        await Expect(page.Locator("#password-rules li")).ToHaveTextAsync(["entre 15 et 128 caractères"]);
        await Expect(page.Locator("#securityQuestionId, #securityAnswer")).ToHaveCountAsync(0);
        await SiteFixture.TabToAsync(page, "#email");
        await page.Keyboard.TypeAsync(account.Email);
        await SiteFixture.TabToAsync(page, "#password");
        await page.Keyboard.TypeAsync(account.Password);
        await SiteFixture.TabToAsync(page, "#passwordConfirmation");
        await page.Keyboard.TypeAsync(account.Password);
        // The captcha's field is usable once its challenge has loaded (slow on a cold fixture): Tab skips it until then.
        await Expect(page.Locator("#captchaText")).ToBeEnabledAsync(new() { Timeout = 30_000 });
        await SiteFixture.TabToAsync(page, "#captchaText");
        await page.Keyboard.TypeAsync("ABCDEF");
        await site.CheckPageAsync(page, "asvs-inscription");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Consultez votre messagerie" })).ToBeFocusedAsync();
        Assert.DoesNotContain(bodiesSent, body => body.Contains("securityQuestionId", StringComparison.Ordinal));
        account = await site.ActivateAsync(account, SiteFixture.TokenIn(await site.WaitForEmailAsync(account.Email)));

        await site.SignInByKeyboardAsync(page, account);
        await page.WaitForURLAsync(SignedIn());
        // No question anywhere in the account space: no "changer la question", a récapitulatif without a question line.
        await Expect(page.Locator("#summary")).ToContainTextAsync("Numéro d’abonné");
        await Expect(page.Locator("#question-form")).ToHaveCountAsync(0);
        await Expect(page.Locator("main")).Not.ToContainTextAsync("question", new() { IgnoreCase = true });
        var codes = await SiteFixture.GenerateRecoveryCodesByKeyboardAsync(page, account);

        // Forgotten password: no "J'ai un code de secours" instead of the mailbox; the code comes after it.
        var recovery = await site.NewPageAsync();
        await recovery.GotoAsync(site.Url("/mot-de-passe-oublie/"));
        await Expect(recovery.Locator("#way-code, #recoveryCode")).ToHaveCountAsync(0);
        await Expect(recovery.Locator("section[data-step=identify]")).ToContainTextAsync("valables 10\u00A0minutes");
        await SiteFixture.TabToAsync(recovery, "#email");
        await recovery.Keyboard.TypeAsync(account.Email);
        await Expect(recovery.Locator("#captchaText")).ToBeEnabledAsync(new() { Timeout = 30_000 });
        await SiteFixture.TabToAsync(recovery, "#captchaText");
        await recovery.Keyboard.TypeAsync("ABCDEF");
        await recovery.Keyboard.PressAsync("Enter");
        await Expect(recovery.GetByRole(AriaRole.Heading, new() { Name = "Consultez votre messagerie" })).ToBeFocusedAsync();
        var mailboxCode = SiteFixture.CodeIn(await site.WaitForEmailAsync(account.Email, m => m.TextBody!.Contains("/mot-de-passe-oublie#token=", StringComparison.Ordinal)));
        await SiteFixture.TabToAsync(recovery, "#code");
        await recovery.Keyboard.TypeAsync(mailboxCode);
        await recovery.Keyboard.PressAsync("Enter");

        await Expect(recovery.GetByRole(AriaRole.Heading, new() { Name = "Code de secours" })).ToBeFocusedAsync();
        await Expect(recovery.Locator("#steps")).ToHaveTextAsync("Étape 3 sur 4");
        await Expect(recovery.Locator("#factor-attempts")).ToHaveTextAsync("Tentatives restantes : 3.");
        await site.CheckPageAsync(recovery, "asvs-mot-de-passe-oublie-facteur");

        // A wrong code: said once, on the field, with the tries left; the notice under the form goes.
        await SiteFixture.TabToAsync(recovery, "#factorCode");
        await recovery.Keyboard.TypeAsync(WrongCode);
        await recovery.Keyboard.PressAsync("Enter");
        await Expect(recovery.Locator("#factorCode")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(recovery.Locator("#factorCode-error")).ToHaveTextAsync("Code de secours incorrect. Tentatives restantes : 2.");
        await Expect(recovery.Locator("#factor-attempts")).ToBeHiddenAsync();
        await site.CheckPageAsync(recovery, "asvs-mot-de-passe-oublie-facteur-refuse");

        await SiteFixture.TabToAsync(recovery, "#factorCode");
        await recovery.Keyboard.PressAsync("Control+A");
        await recovery.Keyboard.TypeAsync(codes[4].ToLowerInvariant());
        await recovery.Keyboard.PressAsync("Enter");
        await Expect(recovery.GetByRole(AriaRole.Heading, new() { Name = "Choisissez un nouveau mot de passe" })).ToBeFocusedAsync();
        await Expect(recovery.Locator("#steps")).ToHaveTextAsync("Étape 4 sur 4");
        await Expect(recovery.Locator("#newPassword-rules li")).ToHaveTextAsync(["entre 15 et 128 caractères"]);
        await site.CheckPageAsync(recovery, "asvs-mot-de-passe-oublie-mot-de-passe");

        await SiteFixture.ChooseNewPasswordByKeyboardAsync(recovery, NewPassword);
        await Expect(recovery.Locator("#summary")).ToContainTextAsync("Numéro d’abonné");
        await Expect(recovery.Locator("#summary")).Not.ToContainTextAsync("question", new() { IgnoreCase = true });
        await site.WaitForEmailAsync(account.Email, m => m.Subject.Contains("code de secours a été utilisé", StringComparison.Ordinal));
    }

    [GeneratedRegex("/compte/$")]
    private static partial Regex SignedIn();
}
