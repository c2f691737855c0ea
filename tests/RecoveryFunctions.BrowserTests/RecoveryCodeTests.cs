using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace RecoveryFunctions.BrowserTests;

/// <summary>
/// Saved recovery codes in the browser (contract §2.9, docs/security/recovery-codes.md), keyboard only: made in the
/// account space, printed and downloaded without leaving the browser, then "J'ai un code de secours" in the
/// forgotten-password procedure. axe at 0 violations on every new screen.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed partial class RecoveryCodeTests(SiteFixture site, ITestOutputHelper output)
{
    private const string NewPassword = "Falaise-Douce-2034";

    [Fact]
    public async Task RecoveryCodes_KeyboardOnly_GenerateDownloadPrintThenRecoverWithOne()
    {
        var account = await site.CreateActiveAccountAsync();
        var page = await site.NewPageAsync();
        var bodiesSent = new List<string>();
        page.Request += (_, request) => bodiesSent.Add(request.Url + " " + request.PostData);

        await site.SignInByKeyboardAsync(page, account);
        await page.WaitForURLAsync(SignedIn());
        await Expect(page.Locator("#codes-status")).ToHaveTextAsync("Vous n’avez pas encore de codes de secours.");

        var codes = await SiteFixture.GenerateRecoveryCodesByKeyboardAsync(page, account);
        await Expect(page.Locator("#codes-status")).ToContainTextAsync("Codes de secours restants : 10 sur 10");
        await site.CheckPageAsync(page, "compte-codes-de-secours");
        Assert.All(codes, code => Assert.Matches(Grouped(), code));

        // "Télécharger": a PDF from the browser itself, the codes in no request.
        await SiteFixture.TabToAsync(page, "#codes-download");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Keyboard.PressAsync("Enter"));
        Assert.Equal("codes-de-secours.pdf", download.SuggestedFilename);
        var pdf = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]);
        Assert.DoesNotContain(bodiesSent, sent => codes.Any(code => sent.Contains(code, StringComparison.Ordinal)));

        // "Imprimer": the print stylesheet keeps the codes and drops the rest of the page.
        await page.EvaluateAsync("() => document.body.classList.add('print-codes')");
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(page.Locator("#codes-list")).ToBeVisibleAsync();
        await Expect(page.Locator("#password-form")).ToBeHiddenAsync();
        await Expect(page.Locator("#codes-download")).ToBeHiddenAsync();
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        var journey = new JourneyClock(site, output, "saved recovery code");
        await page.GotoAsync(site.Url("/mot-de-passe-oublie/"));
        await SiteFixture.TabToAsync(page, "#email");
        await page.Keyboard.TypeAsync(account.Email);
        await SiteFixture.TabToAsync(page, "#captchaText");
        await page.Keyboard.TypeAsync("ABCDEF");
        await SiteFixture.TabToAsync(page, "#way-email");
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(page.Locator("#way-code")).ToBeCheckedAsync();
        await SiteFixture.TabToAsync(page, "#recoveryCode");
        await page.Keyboard.TypeAsync(codes[2].ToLowerInvariant());
        await journey.CheckAsync(page, "mot-de-passe-oublie-code-de-secours");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Choisissez un nouveau mot de passe" })).ToBeFocusedAsync();
        await Expect(page.Locator("#steps")).ToHaveTextAsync("Étape 2 sur 2");
        await journey.CheckAsync(page, "mot-de-passe-oublie-code-de-secours-mot-de-passe");

        await SiteFixture.ChooseNewPasswordByKeyboardAsync(page, NewPassword);
        journey.Report(screens: 2, emails: 2);

        // « Ne perdez plus l’accès » leads through sign-in to the account space's passkeys.
        await SiteFixture.TabToAsync(page, "a[href='/connexion/?suite=cles-d-acces']");
        await page.Keyboard.PressAsync("Enter");
        // The link's target is what is checked; the sign-in below loads the page afresh, so its load event is not awaited here.
        await page.WaitForURLAsync(new Regex("/connexion/\\?suite=cles-d-acces$"), new() { WaitUntil = WaitUntilState.Commit });
        await site.SignInByKeyboardAsync(page, account with { Password = NewPassword }, "/connexion/?suite=cles-d-acces");
        await page.WaitForURLAsync(new Regex("/compte/#passkeys$"));
        var used = await site.WaitForEmailAsync(account.Email, m => m.Subject.Contains("code de secours a été utilisé", StringComparison.Ordinal));
        Assert.Contains("9", used.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(site.ConsoleMessages, m => codes.Any(code => m.Contains(code, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RecoveryCode_Wrong_ShownOnTheCodeField()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Url("/mot-de-passe-oublie/"));
        await page.FillAsync("#email", $"inconnu.{Guid.NewGuid():N}@example.fr");
        await page.FillAsync("#captchaText", "ABCDEF");
        await page.CheckAsync("#way-code");
        await page.FillAsync("#recoveryCode", "2345-6789-ABCD-EFGH-JKMN-PQRS");
        await page.ClickAsync("#identify-form button[type=submit]");

        await Expect(page.Locator("#recoveryCode")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("Ce code de secours n’est pas valable");
        await site.CheckPageAsync(page, "mot-de-passe-oublie-code-de-secours-refuse");
    }

    [GeneratedRegex("/compte/$")]
    private static partial Regex SignedIn();

    [GeneratedRegex("^([2-9A-HJKMNP-Z]{4}-){5}[2-9A-HJKMNP-Z]{4}$")]
    private static partial Regex Grouped();
}
