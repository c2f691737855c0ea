using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RecoveryFunctions.DevServices.FranceConnect;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace RecoveryFunctions.BrowserTests;

/// <summary>
/// FranceConnect as a way back (docs/security/franceconnect.md), keyboard only, through the local FranceConnect's
/// own page and its logout, axe at 0 violations on every new screen: binding from the account space, then the
/// forgotten password through FranceConnect, and an identity bound to no account.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed partial class FranceConnectTests(SiteFixture site, ITestOutputHelper output)
{
    private const string NewPassword = "Bocage-Serein-2036";

    [Fact]
    public async Task FranceConnect_KeyboardOnly_BindFromTheAccountSpace_ThenForgottenPasswordThroughIt()
    {
        // One identity per test in the shared system: an identity binds to one account only.
        var identity = LocalFranceConnectProcess.TestIdentities[1];
        var account = await site.CreateActiveAccountAsync();
        var page = await site.NewPageAsync();

        await site.SignInByKeyboardAsync(page, account);
        await page.WaitForURLAsync(SignedIn());
        var fcStatus = page.Locator("#fc-status");
        await Expect(fcStatus).ToHaveTextAsync("Identité FranceConnect liée : non.");
        await Expect(page.Locator("#fc-unbind-form")).ToBeHiddenAsync();
        await site.CheckPageAsync(page, "compte-franceconnect-non-liee");

        await SiteFixture.TabToAsync(page, "#fc-currentPassword");
        await page.Keyboard.TypeAsync(account.Password);
        await SiteFixture.TabToAsync(page, "#fc-bind-form button[type=submit]");
        await Expect(page.Locator("#fc-bind-form button[type=submit]")).ToHaveAccessibleNameAsync("S’identifier avec FranceConnect");
        await page.Keyboard.PressAsync("Enter");
        await ChooseIdentityByKeyboardAsync(page, identity, "franceconnect-local-liaison");

        // Back through FranceConnect's logout on the account page: said once, focused, and the status reloaded.
        await page.WaitForURLAsync(SignedIn());
        var status = page.Locator("#account-status");
        await Expect(status).ToHaveTextAsync("Votre identité FranceConnect est liée à votre espace. Un courriel vous en informe.");
        await Expect(status).ToBeFocusedAsync();
        await Expect(fcStatus).ToContainTextAsync("Identité FranceConnect liée : oui, depuis le");
        await Expect(page.Locator("#fc-bind-form")).ToBeHiddenAsync();
        await Expect(page.Locator("#fc-unbind-form")).ToBeVisibleAsync();
        await site.CheckPageAsync(page, "compte-franceconnect-liee");

        await SiteFixture.TabToAsync(page, "#sign-out-form button");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("/connexion/"));

        // The forgotten password without the mailbox nor the answer, timed from the page to its last screen; the
        // checks (screenshots and axe) are left out of the figure.
        var journey = new JourneyClock(site, output, "FranceConnect");

        await page.GotoAsync(site.Url("/mot-de-passe-oublie/"));
        await SiteFixture.TabToAsync(page, "#fc-way");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Se connecter avec FranceConnect" })).ToBeFocusedAsync();
        await Expect(page.Locator("#steps")).ToHaveTextAsync("Étape 1 sur 2");
        await journey.CheckAsync(page, "mot-de-passe-oublie-franceconnect");
        await SiteFixture.TabToAsync(page, "#fc-form button[type=submit]");
        await Expect(page.Locator("#fc-form button[type=submit]")).ToHaveAccessibleNameAsync("S’identifier avec FranceConnect");
        await page.Keyboard.PressAsync("Enter");
        await ChooseIdentityByKeyboardAsync(page, identity, "franceconnect-local-recuperation", journey.CheckAsync);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Choisissez un nouveau mot de passe" })).ToBeFocusedAsync();
        await Expect(page.Locator("#steps")).ToHaveTextAsync("Étape 2 sur 2");
        Assert.DoesNotContain("franceconnect=", page.Url, StringComparison.Ordinal);
        await journey.CheckAsync(page, "mot-de-passe-oublie-franceconnect-mot-de-passe");
        await SiteFixture.ChooseNewPasswordByKeyboardAsync(page, NewPassword);
        journey.Report(screens: 4, emails: 1);
        await site.CheckPageAsync(page, "mot-de-passe-oublie-franceconnect-termine");

        // The new password signs in; unlinking takes effect at once.
        await site.SignInByKeyboardAsync(page, account with { Password = NewPassword });
        await page.WaitForURLAsync(SignedIn());
        await SiteFixture.TabToAsync(page, "#fc-unbind-form button");
        await page.Keyboard.PressAsync("Enter");
        await Expect(status).ToHaveTextAsync("Votre identité FranceConnect a été déliée. Un courriel vous en informe.");
        await Expect(status).ToBeFocusedAsync();
        await Expect(fcStatus).ToHaveTextAsync("Identité FranceConnect liée : non.");
        await Expect(page.Locator("#fc-bind-form")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task FranceConnect_KeyboardOnly_UnboundIdentity_EndsOnTheNeutralPageWithTheHelpdeskWay()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Url("/mot-de-passe-oublie/"));
        await SiteFixture.TabToAsync(page, "#fc-way");
        await page.Keyboard.PressAsync("Enter");
        await SiteFixture.TabToAsync(page, "#fc-form button[type=submit]");
        await page.Keyboard.PressAsync("Enter");
        await ChooseIdentityByKeyboardAsync(page, LocalFranceConnectProcess.TestIdentities[^1]);

        await page.WaitForURLAsync(new Regex("/franceconnect/\\?erreur=no-match$"));
        await Expect(page.Locator("#fc-outcome")).ToHaveTextAsync("Aucun espace ne peut être réinitialisé avec cette identité FranceConnect. Si vous avez un espace, l’assistance vérifiera votre identité et vous enverra un lien de réinitialisation.");
        await Expect(page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link)).ToHaveTextAsync(["Contacter l’assistance", "Recommencer la démarche"]);
        await site.CheckPageAsync(page, "franceconnect-aucun-espace");
        await SiteFixture.TabToAsync(page, "main a[href='/aide/']");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("/aide/$"));
    }

    /// <summary>
    /// On the local FranceConnect's page: the radio group by Tab, the identity by the arrow keys, then "Se connecter";
    /// FranceConnect's logout then sends the browser back by itself. The page is checked when <paramref name="name"/> is given.
    /// </summary>
    private async Task ChooseIdentityByKeyboardAsync(IPage page, LocalFranceConnectIdentity identity, string? name = null, Func<IPage, string, Task>? check = null)
    {
        await page.WaitForURLAsync(url => url.StartsWith(site.Api.FranceConnect.Authority.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("choisissez une identité de test");
        if (name is not null)
        {
            await (check ?? ((shown, screen) => site.CheckPageAsync(shown, screen)))(page, name);
        }

        await SiteFixture.TabToAsync(page, "input[name=login]:checked");
        var chosen = $"input[name=login][value='{identity.Login}']";
        for (var presses = 0; presses < LocalFranceConnectProcess.TestIdentities.Count && !await page.EvaluateAsync<bool>("s => document.activeElement.matches(s)", chosen); presses++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }

        await Expect(page.Locator(chosen)).ToBeCheckedAsync();
        await SiteFixture.TabToAsync(page, "button[type=submit]");
        await page.Keyboard.PressAsync("Enter");
    }

    [GeneratedRegex("/compte/(\\?.*)?$")]
    private static partial Regex SignedIn();
}
