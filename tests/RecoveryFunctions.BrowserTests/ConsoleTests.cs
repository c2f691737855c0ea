using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RecoveryFunctions.BrowserTests;

/// <summary>The helpdesk console (contract §2.5) with the local development issuer, and the holder it helps.</summary>
[Collection(SiteCollection.Name)]
public sealed class ConsoleTests(SiteFixture site)
{
    [Fact]
    public async Task Console_SendsLink_HolderResetsWithoutTheQuestion()
    {
        var account = await site.CreateActiveAccountAsync();
        var console = await site.NewPageAsync();
        await console.GotoAsync(site.Url("/assistance/"));
        await Expect(console.Locator("#dev-form")).ToBeVisibleAsync();
        await Expect(console.Locator("#entra-form")).ToBeHiddenAsync();
        await site.CheckPageAsync(console, "assistance-connexion");
        await console.ClickAsync("#dev-form button[type=submit]");
        await Expect(console.GetByRole(AriaRole.Heading, new() { Name = "Rechercher un espace" })).ToBeFocusedAsync();

        await console.FillAsync("#query", account.Email);
        await console.FillAsync("#reason", "court");
        await console.ClickAsync("#look-up-form button[type=submit]");
        await Expect(console.Locator("#reason")).ToHaveAttributeAsync("aria-invalid", "true");
        await site.CheckPageAsync(console, "assistance-erreur");

        // The API's character rule, checked before sending: a reason made of invisible characters, or padded with them to
        // the 10-character minimum, is named on the field and no call leaves the console.
        var agentCalls = 0;
        console.Request += (_, request) => agentCalls += request.Url.Contains("/api/assistance/", StringComparison.Ordinal) ? 1 : 0;
        foreach (var reason in new[] { new string('\u200B', 12), "Appel" + new string('\u2060', 8), "Appel du titulaire\nType=assistance-unlock" })
        {
            await console.FillAsync("#reason", reason);
            await console.ClickAsync("#look-up-form button[type=submit]");
            await Expect(console.Locator("#reason")).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(console.Locator("#reason-error")).ToContainTextAsync("caractère non permis");
        }

        Assert.Equal(0, agentCalls);
        await console.FillAsync("#reason", "Appel de l’usager ; identité vérifiée par rappel au numéro connu");
        await console.ClickAsync("#look-up-form button[type=submit]");
        await Expect(console.Locator("#case-title")).ToBeFocusedAsync();
        await Expect(console.Locator("#agent-view")).ToContainTextAsync(account.SubscriberNumber);
        await Expect(console.Locator("main")).Not.ToContainTextAsync(account.Answer);

        await console.ClickAsync("#link-form button[type=submit]");
        await Expect(console.Locator("#console-status")).ToBeFocusedAsync();
        await Expect(console.Locator("#events tr")).Not.ToHaveCountAsync(0);
        await site.CheckPageAsync(console, "assistance-dossier");

        var link = SiteFixture.LinkIn(await site.WaitForEmailAsync(account.Email, m => m.TextBody!.Contains("/mot-de-passe-oublie#token=", StringComparison.Ordinal)), "mot-de-passe-oublie");
        var holder = await site.NewPageAsync();
        await holder.GotoAsync(link);
        await holder.ClickAsync("#link-form button[type=submit]");
        await Expect(holder.GetByRole(AriaRole.Heading, new() { Name = "Choisissez un nouveau mot de passe" })).ToBeFocusedAsync();
        await Expect(holder.Locator("#steps")).ToHaveTextAsync("Étape 4 sur 4");
        await holder.FillAsync("#newPassword", "Soutien-Rapide-2034");
        await holder.FillAsync("#newPasswordConfirmation", "Soutien-Rapide-2034");
        await holder.ClickAsync("#password-form button[type=submit]");
        await Expect(holder.Locator("#summary")).ToContainTextAsync(account.SubscriberNumber);

        await console.ClickAsync("#sign-out-form button[type=submit]");
        await Expect(console.Locator("#dev-form")).ToBeVisibleAsync();
        await Expect(console.Locator("#case")).ToBeHiddenAsync();
    }
}
