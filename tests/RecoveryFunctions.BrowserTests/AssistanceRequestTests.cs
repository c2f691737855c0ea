using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RecoveryFunctions.BrowserTests;

/// <summary>The online assistance request (contract §2.7), reached from the help page.</summary>
[Collection(SiteCollection.Name)]
public sealed class AssistanceRequestTests(SiteFixture site)
{
    [Fact]
    public async Task AssistanceRequest_ForExistingAccountWithPasswordInMessage_SentAndHolderToldToChangeIt()
    {
        var account = await site.CreateActiveAccountAsync();
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Url("/aide/"));
        await page.ClickAsync("a[href='/aide/demande/']");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Écrire à l’assistance");
        await Expect(page.Locator(".captcha-image")).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("^data:image/png"));
        await site.CheckPageAsync(page, "demande-assistance-vide");

        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator(".error-summary")).ToBeFocusedAsync();
        // The summary follows the order of the fields.
        await Expect(page.Locator(".error-summary li a").First).ToHaveAttributeAsync("href", "#subscriberNumber");
        await Expect(page.Locator("#subscriberNumber")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#subscriberNumber-error")).ToHaveTextAsync("Indiquez votre numéro d’abonné ou votre adresse électronique de connexion.");
        await Expect(page.Locator("#contactEmail")).ToHaveAttributeAsync("aria-describedby", "contactEmail-error");
        await Expect(page.Locator("#message")).ToHaveAttributeAsync("aria-describedby", "secret-warning message-count message-error");
        await site.CheckPageAsync(page, "demande-assistance-erreur");

        await page.FillAsync("#subscriberNumber", account.SubscriberNumber);
        await page.FillAsync("#contactPhone", "06 12 34 56 78");
        await page.SelectOptionAsync("#topic", "answer-forgotten");
        // The password typed in the message changes nothing the page shows (refusing it told a stranger a guess was
        // right): the request is sent with the password masked, and the holder is told to change it.
        await page.FillAsync("#message", $"Bonjour, mon mot de passe est {account.Password}, je ne me souviens plus de la réponse.");
        await Expect(page.Locator("#message-count")).ToContainTextAsync("Il vous reste");
        await Expect(page.Locator("#message-count")).Not.ToHaveTextAsync("Il vous reste 2 000 caractères.");
        await page.FillAsync("#captchaText", "ABCDEF");
        await page.ClickAsync("button[type=submit]");
        var heading = page.GetByRole(AriaRole.Heading, new() { Name = "Demande envoyée" });
        await Expect(heading).ToBeFocusedAsync();
        var reference = (await page.Locator("#reference").TextContentAsync())!.Trim();
        Assert.False(string.IsNullOrEmpty(reference));
        await site.CheckPageAsync(page, "demande-assistance-envoyee");

        var notice = await site.WaitForEmailAsync(account.Email, m => m.Subject.Contains("Changez votre secret", StringComparison.Ordinal));
        Assert.DoesNotContain(account.Password, notice.TextBody!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssistanceRequest_MessageWithInvisibleCharacter_RefusedBeforeSendingLineBreaksAllowed()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync(site.Url("/aide/demande/"));
        var sent = 0;
        page.Request += (_, request) => sent += request.Url.Contains("/api/assistance-requests", StringComparison.Ordinal) ? 1 : 0;

        // The API's rule (text-invalid-character) checked by the page: a zero-width space is named on the field, nothing is sent.
        await page.FillAsync("#message", "Bonjour,\nje ne me souviens\u200B plus de ma réponse.");
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("#message")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#message-error")).ToContainTextAsync("caractère non permis");

        // Line breaks and tabs are the holder's own text: the message field is no longer in error.
        await page.FillAsync("#message", "Bonjour,\n\tje ne me souviens plus de ma réponse.");
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator(".error-summary")).ToBeFocusedAsync();
        await Expect(page.Locator("#message")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal(0, sent);
    }

    [Fact]
    public async Task AssistanceRequest_MessageOverLimit_CounterAndErrorSayHowManyTooMany()
    {
        var page = await site.NewPageAsync("en-GB");
        await page.GotoAsync(site.Url("/aide/demande/"));
        await page.ClickAsync("#language-switch");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Write to assistance");
        await page.FillAsync("#message", new string('a', 2005));
        await Expect(page.Locator("#message-count")).ToHaveTextAsync("You have 5 characters too many.");
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("#message-error")).ToHaveTextAsync("The message must have at most 2,000 characters.");
        await site.CheckPageAsync(page, "demande-assistance-en-trop-long");
    }
}
