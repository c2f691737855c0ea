using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RecoveryFunctions.BrowserTests;

/// <summary>
/// Passkeys in the site (docs/security/passkeys.md), keyboard only, answered by Chromium's virtual authenticator
/// (DevTools protocol, WebAuthn domain): the browser's own WebAuthn code and JSON helpers against the real API.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed partial class PasskeyTests(SiteFixture site)
{
    private const string NewPassword = "Clairiere-Vive-2035";

    [Fact]
    public async Task Passkey_KeyboardOnly_CreateSignOutSignInWithItNewPasswordWithoutTheOldRenameDelete()
    {
        var account = await site.CreateActiveAccountAsync();
        var page = await site.NewPageAsync();
        await AddVirtualAuthenticatorAsync(page);

        await site.SignInByKeyboardAsync(page, account);
        await page.WaitForURLAsync(SignedIn());
        await Expect(page.Locator("#passkeys-none")).ToHaveTextAsync("Vous n’avez pas encore de clé d’accès.");

        await SiteFixture.TabToAsync(page, "#pk-currentPassword");
        await page.Keyboard.TypeAsync(account.Password);
        await SiteFixture.TabToAsync(page, "#pk-name");
        await page.Keyboard.TypeAsync("Ordinateur du bureau");
        await page.Keyboard.PressAsync("Enter");
        var status = page.Locator("#account-status");
        await Expect(status).ToHaveTextAsync("Votre clé d’accès a été créée. Un courriel vous en informe.");
        await Expect(status).ToBeFocusedAsync();
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
