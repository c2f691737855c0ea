using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RecoveryFunctions.DevServices.FranceConnect;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace RecoveryFunctions.BrowserTests;

/// <summary>
/// FranceConnect as a way back (docs/security/franceconnect.md), keyboard only, through the local FranceConnect's
/// own page and its logout, axe at 0 violations on every new screen: binding from the account space, then the
/// forgotten password through FranceConnect, an identity bound to no account, and registering with FranceConnect.
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
        // The optional new login address, offered after FranceConnect only (left empty here; proved over HTTP).
        await Expect(page.GetByLabel("Changer aussi mon adresse électronique (facultatif)")).ToBeVisibleAsync();
        await journey.CheckAsync(page, "mot-de-passe-oublie-franceconnect-mot-de-passe");
        await SiteFixture.ChooseNewPasswordByKeyboardAsync(page, NewPassword);
        journey.Report(screens: 4, emails: 1);
        await site.CheckPageAsync(page, "mot-de-passe-oublie-franceconnect-termine");

        // The new password signs in; unlinking takes effect at once.
        await site.SignInByKeyboardAsync(page, account with { Password = NewPassword });
        await page.WaitForURLAsync(SignedIn());

        // The space renders the binding once its data is in: tab to the form it shows, not to the page still loading.
        await Expect(fcStatus).ToContainTextAsync("Identité FranceConnect liée : oui, depuis le");
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

    [Fact]
    public async Task FranceConnect_KeyboardOnly_RegisterWithIt_EmailPrefilledAndEditable_BoundOnceActivated()
    {
        var identity = LocalFranceConnectProcess.TestIdentities[2];
        var account = TestAccount.New();
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Url("/inscription/"));
        await site.CheckPageAsync(page, "inscription-avec-franceconnect");
        await SiteFixture.TabToAsync(page, "#fc-form button[type=submit]");
        await Expect(page.Locator("#fc-form button[type=submit]")).ToHaveAccessibleNameAsync("S’identifier avec FranceConnect");
        await page.Keyboard.PressAsync("Enter");
        await ChooseIdentityByKeyboardAsync(page, identity, "franceconnect-local-inscription");

        // Back through FranceConnect's logout: the ticket gone from the address bar, the email claim prefilled, said and focused.
        await page.WaitForURLAsync(new Regex("/inscription/$"));
        await Expect(page.Locator("#fc-verified")).ToBeFocusedAsync();
        await Expect(page.Locator("#fc-form")).ToHaveCountAsync(0);
        await Expect(page.Locator("#email")).ToHaveValueAsync(identity.Email);
        await site.CheckPageAsync(page, "inscription-franceconnect-verifiee");

        await SiteFixture.TabToAsync(page, "#email");
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync(account.Email);
        await SiteFixture.TabToAsync(page, "#password");
        await page.Keyboard.TypeAsync(account.Password);
        await SiteFixture.TabToAsync(page, "#passwordConfirmation");
        await page.Keyboard.TypeAsync(account.Password);
        await SiteFixture.TabToAsync(page, "#securityQuestionId");
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(page.Locator("#securityQuestionId")).Not.ToHaveValueAsync("");
        await SiteFixture.TabToAsync(page, "#securityAnswer");
        await page.Keyboard.TypeAsync(account.Answer);
        await Expect(page.Locator("#captchaText")).ToBeEnabledAsync(new() { Timeout = 30_000 });
        await SiteFixture.TabToAsync(page, "#captchaText");
        await page.Keyboard.TypeAsync("ABCDEF");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Consultez votre messagerie" })).ToBeFocusedAsync();

        // Activated from its email: the identity is bound at once, and the holder told.
        account = await site.ActivateAsync(account, SiteFixture.TokenIn(await site.WaitForEmailAsync(account.Email, m => m.Subject.Contains("activ", StringComparison.OrdinalIgnoreCase))));
        await site.WaitForEmailAsync(account.Email, m => m.Subject.Contains("FranceConnect liée", StringComparison.Ordinal));
        await site.SignInByKeyboardAsync(page, account);
        await page.WaitForURLAsync(SignedIn());
        await Expect(page.Locator("#fc-status")).ToContainTextAsync("Identité FranceConnect liée : oui, depuis le");

        // Leaves the identity free for the next run.
        await SiteFixture.TabToAsync(page, "#fc-unbind-form button");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#fc-status")).ToHaveTextAsync("Identité FranceConnect liée : non.");
    }

    /// <summary>
    /// The outcome page tells what failed by what the tab went to FranceConnect for: a registration the person cancels at
    /// FranceConnect (the provider answers <c>error=access_denied</c>) goes back to the registration page, a recovery to
    /// the helpdesk first, a bind to the account space; in French and in English, axe 0.
    /// </summary>
    [Theory]
    [InlineData("/inscription/", "#fc-form button[type=submit]", "Recommencer l’inscription", "Start the registration again", "/inscription/", "franceconnect-echec-inscription")]
    [InlineData("/mot-de-passe-oublie/", "#fc-way", "Contacter l’assistance", "Contact assistance", "/aide/", "franceconnect-echec-recuperation")]
    public async Task FranceConnect_KeyboardOnly_CancelledAtFranceConnect_TheWayOnFitsWhatWasStarted(string start, string button, string first, string firstEnglish, string onward, string screenshot)
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Url(start));
        await SiteFixture.TabToAsync(page, button);
        await page.Keyboard.PressAsync("Enter");
        if (start == "/mot-de-passe-oublie/")
        {
            await SiteFixture.TabToAsync(page, "#fc-form button[type=submit]");
            await page.Keyboard.PressAsync("Enter");
        }

        // At FranceConnect the person cancels: the provider sends the browser back with an error instead of a code.
        await page.WaitForURLAsync(url => url.StartsWith(site.Api.FranceConnect.Authority.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal));
        await page.GotoAsync(site.Api.FranceConnect.Client.RedirectUris[0] + "?error=access_denied&state=annule");

        await page.WaitForURLAsync(new Regex("/franceconnect/\\?erreur=franceconnect-failed$"));
        await Expect(page.Locator("#fc-outcome")).ToHaveTextAsync("La connexion avec FranceConnect n’a pas abouti ou a déjà servi. Recommencez depuis le début.");
        await Expect(page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link).First).ToHaveTextAsync(first);
        await Expect(page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Revenir à mon espace" })).ToHaveCountAsync(0);
        await site.CheckPageAsync(page, screenshot);

        await SiteFixture.TabToAsync(page, "#language-switch");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#fc-outcome")).ToHaveTextAsync("The FranceConnect sign-in did not complete or was already used. Start again from the beginning.");
        await Expect(page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link).First).ToHaveTextAsync(firstEnglish);
        await site.CheckPageAsync(page, screenshot + "-en");

        await SiteFixture.TabToAsync(page, $"main a[href='{onward}']");
        var opened = page.WaitForRequestAsync(r => r.IsNavigationRequest && new Uri(r.Url).AbsolutePath == onward);
        await page.Keyboard.PressAsync("Enter");
        await opened;
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
