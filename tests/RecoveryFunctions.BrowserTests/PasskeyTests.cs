using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace RecoveryFunctions.BrowserTests;

/// <summary>
/// Passkeys in the site (docs/security/passkeys.md), keyboard only, answered by Chromium's virtual authenticator
/// (DevTools protocol, WebAuthn domain): the browser's own WebAuthn code and JSON helpers against the real API.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed partial class PasskeyTests(SiteFixture site, ITestOutputHelper output)
{
    private const string NewPassword = "Clairiere-Vive-2035";

    [Fact]
    public async Task Passkey_KeyboardOnly_CreateSignOutSignInWithItNewPasswordWithoutTheOldRenameDelete()
    {
        var account = await site.CreateActiveAccountAsync();
        var page = await site.NewPageAsync();
        await AddVirtualAuthenticatorAsync(page);
        // The holder ignores the address field's passkey suggestions (autofill): the button is what this test proves.
        await page.AddInitScriptAsync(RecordWebAuthnRequests);
        await page.AddInitScriptAsync(IgnoreAutofill);

        await site.SignInByKeyboardAsync(page, account);
        await page.WaitForURLAsync(SignedIn());
        await Expect(page.Locator("#passkeys-none")).ToHaveTextAsync("Vous n’avez pas encore de clé d’accès.");

        await CreatePasskeyByKeyboardAsync(page, account, "Ordinateur du bureau");
        var status = page.Locator("#account-status");
        var keys = page.Locator("#passkeys-list li");
        await Expect(keys).ToHaveCountAsync(1);
        await Expect(keys.First).ToContainTextAsync("Ordinateur du bureau");
        await Expect(keys.First).ToContainTextAsync("Dernière utilisation\u00A0: jamais.");
        await Expect(page.Locator("#passkeys-none")).ToBeHiddenAsync();
        await site.CheckPageAsync(page, "compte-cles-d-acces");

        await SiteFixture.TabToAsync(page, "#sign-out-form button");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("/connexion/"));

        // No address, no password: the ceremony from the API, the device's answer, a session.
        var journey = new JourneyClock(site, output, "passkey, then a new password in the account space");
        await SiteFixture.TabToAsync(page, "#passkey-sign-in-form button");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(SignedIn());
        await Expect(keys.First).ToContainTextAsync("Ordinateur du bureau");
        await Expect(keys.First).Not.ToContainTextAsync("jamais");

        // The holder who forgot the password: a new one with the current one left blank, from this passkey session.
        await Expect(page.Locator("#pw-passkey-hint")).ToBeVisibleAsync();
        await SiteFixture.TabToAsync(page, "#pw-newPassword");
        await page.Keyboard.TypeAsync(NewPassword);
        await SiteFixture.TabToAsync(page, "#pw-newPasswordConfirmation");
        await page.Keyboard.TypeAsync(NewPassword);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("/connexion/\\?message=password-changed"));
        journey.Report(screens: 2, emails: 1);
        await site.SignInByKeyboardAsync(page, account with { Password = NewPassword });
        await page.WaitForURLAsync(SignedIn());
        await Expect(page.Locator("#pw-passkey-hint")).ToBeHiddenAsync();

        await SiteFixture.TabToAsync(page, "#passkeys-list li:first-child .actions button:first-child");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#passkey-0-newName")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("Téléphone");
        await page.Keyboard.PressAsync("Enter");
        await Expect(status).ToHaveTextAsync("Votre clé d’accès a été renommée.");
        await Expect(status).ToBeFocusedAsync();
        await Expect(keys.First).ToContainTextAsync("Téléphone");

        await SiteFixture.TabToAsync(page, "#passkeys-list li:first-child .actions button:last-child");
        await page.Keyboard.PressAsync("Enter");
        var confirm = page.GetByRole(AriaRole.Button, new() { Name = "Confirmer la suppression" });
        await Expect(confirm).ToBeFocusedAsync();
        await Expect(page.Locator("#passkey-0-confirm")).ToHaveTextAsync("Supprimer la clé «\u202FTéléphone\u202F»\u202F? Elle ne permettra plus de vous connecter.");
        await site.CheckPageAsync(page, "compte-cle-d-acces-suppression");
        await page.Keyboard.PressAsync("Enter");
        await Expect(status).ToHaveTextAsync("Votre clé d’accès a été supprimée. Un courriel vous en informe.");
        await Expect(keys).ToHaveCountAsync(0);
        await Expect(page.Locator("#passkeys-none")).ToBeVisibleAsync();
    }

    /// <summary>
    /// Passkey autofill (conditional mediation) on /connexion/: the address field says <c>username webauthn</c> and the
    /// page starts one conditional request at load, on a ceremony with an empty allow list. Chromium's virtual
    /// authenticator environment answers conditional requests at once (headless Chromium draws no suggestion list):
    /// with no key on the device it refuses (NotAllowedError; a real browser keeps the request pending and offers
    /// nothing), and the page shows nothing and lets the password form work; with a key it answers with it, as the
    /// person's pick among the suggestions would, and the page signs in with no keystroke (a passkey session). A request
    /// the person leaves pending (held by the test, as when no suggestion is picked) ends in AbortError when the button
    /// is pressed, and the button's own request signs in.
    /// </summary>
    [Fact]
    public async Task Passkey_Autofill_ConditionalRequestAtLoad_PickingTheKeySignsIn_ButtonAbortsAPendingOne()
    {
        var account = await site.CreateActiveAccountAsync();
        var page = await site.NewPageAsync();
        await AddVirtualAuthenticatorAsync(page);
        await page.AddInitScriptAsync(RecordWebAuthnRequests);

        await page.GotoAsync(site.Url("/connexion/"));
        await Expect(page.Locator("#email")).ToHaveAttributeAsync("autocomplete", "username webauthn");
        await page.WaitForFunctionAsync("() => window.webauthnRequests?.length === 1 && window.webauthnRequests[0].state !== 'pending'");
        Assert.Equal(("conditional NotAllowedError", 0), (await RequestsAsync(page), await page.EvaluateAsync<int>("() => window.webauthnRequests[0].allow")));
        await Expect(page.Locator(".error-summary")).ToHaveCountAsync(0);
        await site.SignInByKeyboardAsync(page, account);
        await page.WaitForURLAsync(SignedIn());

        await CreatePasskeyByKeyboardAsync(page, account, "Portable");
        var answered = await page.RunAndWaitForResponseAsync(async () =>
        {
            await SiteFixture.TabToAsync(page, "#sign-out-form button");
            await page.Keyboard.PressAsync("Enter");
        }, response => response.Request.Method == "POST" && response.Url.EndsWith("/api/sessions/passkey", StringComparison.Ordinal));
        Assert.Equal(201, answered.Status);
        await page.WaitForURLAsync(SignedIn());
        Assert.Equal("conditional fulfilled", await RequestsAsync(page));
        await Expect(page.Locator("#pw-passkey-hint")).ToBeVisibleAsync();

        await page.EvaluateAsync(IgnoreAutofill);
        await SiteFixture.TabToAsync(page, "#sign-out-form button");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("/connexion/"));
        await page.WaitForFunctionAsync("() => window.webauthnRequests?.length === 1");
        Assert.Equal("conditional pending", await RequestsAsync(page));
        await SiteFixture.TabToAsync(page, "#passkey-sign-in-form button");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(SignedIn());
        Assert.Equal("conditional AbortError,modal fulfilled", await RequestsAsync(page));
    }

    // Wraps navigator.credentials.get before the page's scripts and keeps each request's mediation and end in the tab's
    // sessionStorage, so the next page can read them. With "ignoreAutofill" set, a conditional request is held until
    // aborted, as when the person never picks a suggestion (the virtual authenticator would otherwise answer it).
    private const string RecordWebAuthnRequests = """
        (() => {
          const get = navigator.credentials.get.bind(navigator.credentials);
          window.webauthnRequests = [];
          const keep = () => sessionStorage.setItem('webauthnRequests', JSON.stringify(window.webauthnRequests.map(r => `${r.mediation} ${r.state}`)));
          navigator.credentials.get = (options) => {
            const request = { mediation: options.mediation === 'conditional' ? 'conditional' : 'modal', state: 'pending', allow: options.publicKey?.allowCredentials?.length ?? 0 };
            window.webauthnRequests.push(request);
            const ignored = request.mediation === 'conditional' && sessionStorage.getItem('ignoreAutofill') === '1';
            const answer = ignored
              ? new Promise((_, reject) => options.signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError'))))
              : get(options);
            answer.then(() => { request.state = 'fulfilled'; keep(); }, (e) => { request.state = e.name; keep(); });
            keep();
            return answer;
          };
        })();
        """;

    private const string IgnoreAutofill = "sessionStorage.setItem('ignoreAutofill', '1')";

    private static Task<string> RequestsAsync(IPage page)
        => page.EvaluateAsync<string>("() => JSON.parse(sessionStorage.getItem('webauthnRequests') ?? '[]').join()");

    private static async Task CreatePasskeyByKeyboardAsync(IPage page, TestAccount account, string name)
    {
        await SiteFixture.TabToAsync(page, "#pk-currentPassword");
        await page.Keyboard.TypeAsync(account.Password);
        await SiteFixture.TabToAsync(page, "#pk-name");
        await page.Keyboard.TypeAsync(name);
        await page.Keyboard.PressAsync("Enter");
        var status = page.Locator("#account-status");
        await Expect(status).ToHaveTextAsync("Votre clé d’accès a été créée. Un courriel vous en informe.");
        await Expect(status).ToBeFocusedAsync();
    }

    /// <summary>A platform authenticator that keeps discoverable keys and verifies the user without a prompt.</summary>
    private static async Task AddVirtualAuthenticatorAsync(IPage page)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });
    }

    [GeneratedRegex("/compte/$")]
    private static partial Regex SignedIn();
}
