using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RecoveryFunctions.BrowserTests;

/// <summary>Registration, activation, sign-in and the account space (contract §2.1, §2.2, §2.4), in the browser.</summary>
[Collection(SiteCollection.Name)]
public sealed partial class AccountTests(SiteFixture site)
{
    private const string Password = "Horizon-Clair-2031";
    private const string NewPassword = "Riviere-Calme-2033";

    [Fact]
    public async Task Registration_ActivationFromMailbox_SignInAndEveryChange_Work()
    {
        var email = $"inscrit.{Guid.NewGuid():N}@example.fr";
        var newEmail = $"nouveau.{Guid.NewGuid():N}@example.fr";
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Url("/inscription/"));
        await Expect(page.Locator("#securityQuestionId option")).Not.ToHaveCountAsync(1);
        await site.CheckPageAsync(page, "inscription-vide");
        await page.ClickAsync("#register-form button[type=submit]");
        await Expect(page.Locator(".error-summary")).ToBeFocusedAsync();
        await site.CheckPageAsync(page, "inscription-erreur");

        await page.FillAsync("#email", email);
        await page.FillAsync("#password", Password);
        await page.FillAsync("#passwordConfirmation", Password);
        await page.SelectOptionAsync("#securityQuestionId", TestAccount.QuestionId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.FillAsync("#securityAnswer", "Rue des Lilas");
        await page.FillAsync("#phone", "06 12 34 56 78");
        await page.FillAsync("#captchaText", "ABCDEF");
        await page.ClickAsync("#register-form button[type=submit]");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Consultez votre messagerie" })).ToBeFocusedAsync();
        await site.CheckPageAsync(page, "inscription-envoyee");

        await FollowMailboxLinkAsync(page, email, "/activation#token=");
        Assert.DoesNotContain("token", page.Url, StringComparison.Ordinal);
        await site.CheckPageAsync(page, "activation");
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Votre espace est activé" })).ToBeFocusedAsync();
        await Expect(page.Locator("#summary")).ToContainTextAsync(email);
        await site.CheckPageAsync(page, "activation-recapitulatif");

        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Se connecter" }).ClickAsync();
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", "Pas-Le-Bon-2030");
        await page.ClickAsync("#sign-in-form button[type=submit]");
        await Expect(page.Locator(".error-summary")).ToBeFocusedAsync();
        await site.CheckPageAsync(page, "connexion-erreur");
        await SignInAsync(page, email, Password);
        await page.ClickAsync("#timer .timer-extend");
        await Expect(page.Locator("#timer .timer-alert")).ToContainTextAsync("Délai prolongé jusqu’à");
        await site.CheckPageAsync(page, "compte");
        Assert.Null(await page.EvaluateAsync<string?>("() => localStorage.getItem('session')"));

        await page.FillAsync("#ph-currentPassword", Password);
        await page.FillAsync("#ph-phone", "07 98 76 54 32");
        await page.ClickAsync("#phone-form button[type=submit]");
        await Expect(page.Locator("#account-status")).ToHaveTextAsync("Votre téléphone a été modifié.");

        await page.FillAsync("#q-currentPassword", Password);
        await page.SelectOptionAsync("#q-securityQuestionId", "1");
        await page.FillAsync("#q-securityAnswer", "Bleu marine");
        await page.ClickAsync("#question-form button[type=submit]");
        await Expect(page.Locator("#account-status")).ToHaveTextAsync("Votre question de confiance a été modifiée.");

        await page.FillAsync("#em-currentPassword", "Pas-Le-Bon-2030");
        await page.FillAsync("#em-newEmail", newEmail);
        await page.ClickAsync("#email-form button[type=submit]");
        await Expect(page.Locator("#em-currentPassword")).ToHaveAttributeAsync("aria-invalid", "true");
        await site.CheckPageAsync(page, "compte-erreur");
        await page.FillAsync("#em-currentPassword", Password);
        await page.ClickAsync("#email-form button[type=submit]");
        await Expect(page.Locator("#account-status")).ToContainTextAsync("Un lien de confirmation a été envoyé");
        await site.CheckPageAsync(page, "compte-modifie");

        var confirmPage = await site.NewPageAsync();
        await FollowMailboxLinkAsync(confirmPage, newEmail, "/confirmation-adresse#token=");
        await site.CheckPageAsync(confirmPage, "confirmation-adresse");
        await confirmPage.ClickAsync("main form button[type=submit]");
        await Expect(confirmPage.GetByRole(AriaRole.Heading, new() { Name = "Votre adresse de connexion est modifiée" })).ToBeFocusedAsync();
        await Expect(confirmPage.Locator("#summary")).ToContainTextAsync(newEmail);

        await page.ReloadAsync();
        await page.FillAsync("#pw-currentPassword", Password);
        await page.FillAsync("#pw-newPassword", NewPassword);
        await page.FillAsync("#pw-newPasswordConfirmation", NewPassword);
        await page.ClickAsync("#password-form button[type=submit]");
        await Expect(page.Locator("#sign-in-notice")).ToContainTextAsync("Votre mot de passe a été modifié");
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('session')"));

        await SignInAsync(page, newEmail, NewPassword);
        await page.ClickAsync("#sign-out-form button[type=submit]");
        await Expect(page.Locator("#sign-in-notice")).ToHaveTextAsync("Vous êtes déconnecté.");
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('session')"));
        Assert.DoesNotContain(site.ConsoleMessages, m => m.Contains(Password, StringComparison.Ordinal) || m.Contains(NewPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ForgottenUsername_SubscriberNumber_EmailsTheSignInAddress()
    {
        var account = await site.CreateActiveAccountAsync();
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Url("/identifiant-oublie/"));
        await site.CheckPageAsync(page, "identifiant-oublie-vide");
        await page.FillAsync("#subscriberNumber", "123");
        await page.FillAsync("#captchaText", "ABCDEF");
        await page.ClickAsync("#username-form button[type=submit]");
        await Expect(page.Locator("#subscriberNumber")).ToHaveAttributeAsync("aria-invalid", "true");
        await site.CheckPageAsync(page, "identifiant-oublie-erreur");

        await page.FillAsync("#subscriberNumber", account.SubscriberNumber);
        await page.FillAsync("#captchaText", "ABCDEF");
        await page.ClickAsync("#username-form button[type=submit]");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Consultez votre messagerie" })).ToBeFocusedAsync();
        await Expect(page.Locator("main")).Not.ToContainTextAsync(account.Email);
        await site.CheckPageAsync(page, "identifiant-oublie-envoye");
        var email = await site.WaitForEmailAsync(account.Email, m => m.TextBody!.Contains(account.Email, StringComparison.Ordinal) && !m.TextBody.Contains("#token=", StringComparison.Ordinal));
        Assert.Contains(account.Email, email.TextBody, StringComparison.Ordinal);
    }

    private async Task FollowMailboxLinkAsync(IPage page, string address, string linkPart)
    {
        await site.WaitForEmailAsync(address, m => m.TextBody!.Contains(linkPart, StringComparison.Ordinal));
        await page.GotoAsync(site.Url("/boite-mail/"));
        var email = page.Locator("article.mail", new PageLocatorOptions { HasText = address }).First;
        await email.Locator($"ul.links a[href*='{linkPart}']").First.ClickAsync();
        await Expect(page.Locator("main form button[type=submit]")).ToBeVisibleAsync();
    }

    private static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#sign-in-form button[type=submit]");
        await page.WaitForURLAsync(SignedIn());
        await Expect(page.Locator("#summary")).ToContainTextAsync(email);
    }

    [GeneratedRegex("/compte/$")]
    private static partial Regex SignedIn();
}
