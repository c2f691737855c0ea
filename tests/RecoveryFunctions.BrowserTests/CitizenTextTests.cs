using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RecoveryFunctions.BrowserTests;

/// <summary>What a person reads (issue 25): no raw key, a cut link named as such, errors said once, the password rules.</summary>
[Collection(SiteCollection.Name)]
public sealed class CitizenTextTests(SiteFixture site)
{
    public static TheoryData<string, string, string> CutLinks => new()
    {
        { "/activation/", "lien-incomplet-activation", "/inscription/" },
        { "/confirmation-adresse/", "lien-incomplet-adresse", "/compte/" },
    };

    [Theory]
    [MemberData(nameof(CutLinks))]
    public async Task A_link_without_its_token_says_it_is_incomplete_in_both_languages(string path, string screenshot, string onward)
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Url(path));
        var problem = page.Locator("section[data-step=problem]");
        await Expect(problem).ToHaveAttributeAsync("data-code", "link-incomplete");
        await Expect(problem.Locator("h2")).ToHaveTextAsync("Lien incomplet");
        await Expect(problem.Locator("h2")).ToBeFocusedAsync();
        await Expect(problem.Locator("p").First).ToContainTextAsync("Ouvrez à nouveau le lien depuis le courriel");
        Assert.StartsWith("Lien incomplet — ", await page.TitleAsync(), StringComparison.Ordinal);
        await site.CheckPageAsync(page, screenshot);

        await SiteFixture.TabToAsync(page, "#language-switch");
        await page.Keyboard.PressAsync("Enter");
        await Expect(problem.Locator("h2")).ToHaveTextAsync("Incomplete link");
        await Expect(problem.Locator("p").First).ToContainTextAsync("Open the link from the email again");
        await site.CheckPageAsync(page, screenshot + "-en");

        await SiteFixture.TabToAsync(page, $"section[data-step=problem] a[href='{onward}']");
        // The page it opens may send a signed-out person on (the account space to sign-in): the navigation itself is the proof.
        var opened = page.WaitForRequestAsync(r => r.IsNavigationRequest && new Uri(r.Url).AbsolutePath == onward);
        await page.Keyboard.PressAsync("Enter");
        await opened;
    }

    // Issue 25, item 3: the name, brand and address come from /config.json, which serves the API's own Service:* settings.
    [Fact]
    public async Task Header_footer_and_title_show_the_configured_service_in_both_languages()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Url("/aide/"));
        await Expect(page.Locator("header.site-header #site-name")).ToHaveTextAsync("Espace professionnel");
        await Expect(page.Locator("header.site-header #site-brand")).ToHaveTextAsync("impots.gouv.fr");
        await Expect(page.Locator("footer #site-address")).ToHaveTextAsync("www.impots.gouv.fr");
        await Expect(page.Locator("footer #site-address")).ToHaveAttributeAsync("href", "https://www.impots.gouv.fr");
        await Expect(page).ToHaveTitleAsync("Aide et assistance — Espace professionnel");
        await site.CheckPageAsync(page, "entete-nom-du-service");

        await SiteFixture.TabToAsync(page, "#language-switch");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("header.site-header #site-name")).ToHaveTextAsync("Professional space");
        await Expect(page).ToHaveTitleAsync("Help and assistance — Professional space");
    }

    [Fact]
    public async Task Password_rules_are_neutral_until_typed_then_met_or_not_announced_politely()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Url("/inscription/"));
        var rules = page.Locator("#password-rules li");
        var status = page.Locator("#password-rules-status");
        await Expect(rules).ToHaveCountAsync(5);
        await Expect(rules.First).ToHaveTextAsync("entre 12 et 128 caractères");
        await Expect(page.Locator("#password-rules")).Not.ToContainTextAsync("respectée");
        await Expect(status).ToHaveAttributeAsync("role", "status");
        await Expect(status).ToBeEmptyAsync();
        await site.CheckPageAsync(page, "regles-neutres");

        await SiteFixture.TabToAsync(page, "#password");
        await page.Keyboard.TypeAsync("abc");
        await Expect(rules.First).ToHaveTextAsync("entre 12 et 128 caractères — non respectée");
        await Expect(page.Locator("#password-rules li[data-rule=letter]")).ToHaveTextAsync("au moins une lettre — respectée");
        await Expect(status).ToHaveTextAsync("3 règles sur 5 respectées.");
        await site.CheckPageAsync(page, "regles-en-cours");

        await page.Keyboard.TypeAsync("defghij123");
        await Expect(status).ToHaveTextAsync("Toutes les règles sont respectées.");
        await Expect(page.Locator("#password-rules li.met")).ToHaveCountAsync(5);

        for (var i = 0; i < 13; i++)
        {
            await page.Keyboard.PressAsync("Backspace");
        }

        await Expect(page.Locator("#password-rules")).Not.ToContainTextAsync("respectée");
    }

    [Fact]
    public async Task Account_space_shows_the_signed_in_header_asks_the_new_password_twice_and_names_each_confirmation()
    {
        var account = await site.CreateActiveAccountAsync();
        var page = await site.NewPageAsync();
        await site.SignInByKeyboardAsync(page, account);
        await Expect(page.Locator("#summary")).ToContainTextAsync(account.Email);

        var header = page.Locator("header.site-header");
        await Expect(header.GetByRole(AriaRole.Link, new() { Name = "Gérer vos coordonnées" })).ToHaveAttributeAsync("aria-current", "page");
        await Expect(header.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" })).ToBeVisibleAsync();
        await Expect(header.GetByRole(AriaRole.Link, new() { Name = "Se connecter" })).ToHaveCountAsync(0);
        foreach (var (id, what) in new[] { ("pw", "mot de passe"), ("q", "question"), ("ph", "téléphone"), ("em", "d’adresse") })
        {
            await Expect(page.GetByLabel($"Mot de passe actuel, pour confirmer le changement {(what.StartsWith('d') ? what : "de " + what)}", new() { Exact = true }))
                .ToHaveIdAsync($"{id}-currentPassword");
        }

        await SiteFixture.TabToAsync(page, "#pw-currentPassword");
        await page.Keyboard.TypeAsync(account.Password);
        await SiteFixture.TabToAsync(page, "#pw-newPassword");
        await page.Keyboard.TypeAsync("Nouveau-Chemin-2032");
        await SiteFixture.TabToAsync(page, "#pw-newPasswordConfirmation");
        await page.Keyboard.TypeAsync("Nouveau-Chemin-2033");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#pw-newPasswordConfirmation-error")).ToHaveTextAsync("Les deux mots de passe ne sont pas identiques.");
        await Expect(page.Locator("#password-form .error-summary")).ToBeFocusedAsync();
        await site.CheckPageAsync(page, "compte-confirmation-differente");

        // Elsewhere on the site the header still knows the session; its sign-out ends it.
        await page.GotoAsync(site.Url("/aide/"));
        await SiteFixture.TabToAsync(page, "#header-sign-out");
        await site.CheckPageAsync(page, "aide-connecte");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#sign-in-notice")).ToHaveTextAsync("Vous êtes déconnecté.");
        await Expect(header.GetByRole(AriaRole.Link, new() { Name = "Se connecter" })).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('session')"));
    }
}
