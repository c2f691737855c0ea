using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Dates;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.DevServices.Azurite;
using RecoveryFunctions.DevServices.Email;
using RecoveryFunctions.DevServices.Web;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.EndToEnd;

/// <summary>
/// Every email true to what happens next (issue 25, item 4; docs/front-ends.md, "Every email true to what
/// happens next"): each email a person acts on is followed as written, over HTTP: its link opens a page the site serves,
/// its token or code does what the text promises, and the validity it states is the token's real lifetime from
/// <see cref="RecoveryOptions"/>. Notices are checked for what they point to: every link answers 200 on the site,
/// every page they name in quotes is a page the site labels so.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed partial class EmailInstructionsTests(LocalHostFixture host, EmailInstructionsTests.SiteFixture site) : IClassFixture<EmailInstructionsTests.SiteFixture>
{
    private static readonly TimeSpan MailWait = TimeSpan.FromSeconds(30);

    private RecoveryOptions Options => host.Host.Services.GetRequiredService<IOptions<RecoveryOptions>>().Value;

    /// <summary>The host's own clock, the one that stamps the tokens.</summary>
    private DateTimeOffset Now() => host.Host.Services.GetRequiredService<TimeProvider>().GetUtcNow();

    [Fact]
    public async Task RecoveryLink_CodeTypedOnTheRequestPage_LinkOpensTheResetPage_BothForTheStatedTime()
    {
        var email = Journeys.NewEmail("consignes");
        await host.CreateActiveAccountAsync(email);

        // The code: "saisissez le code de vérification dans la page où vous avez fait la demande".
        var before = Now();
        var flowId = await host.IdentifyAsync(email);
        var after = Now();
        var first = await host.RecoveryEmailAsync(email, 1);
        Assert.Contains("saisissez le code de vérification dans la page où vous avez fait la demande", first.TextBody!, StringComparison.Ordinal);
        AssertValidUntil(first, before, after, Options.RecoveryLinkLifetime);
        var requestPage = await site.GetPageAsync("/mot-de-passe-oublie/");
        Assert.Matches(CodeField(), requestPage);
        using (var verify = await host.Client.PostJsonAsync("/api/password-recovery/verify", new { flowId, code = RecoverySteps.CodeIn(first) }))
        {
            Assert.Equal(HttpStatusCode.OK, verify.StatusCode);
        }

        // "L'un ou l'autre, pas les deux": the same email's link no longer opens once its code served.
        using (var bothWays = await host.Client.PostJsonAsync("/api/password-recovery/verify", new { token = Journeys.TokenIn(first) }))
        {
            Assert.NotEqual(HttpStatusCode.OK, bothWays.StatusCode);
        }

        // The link: "ouvrez le lien ci-dessous".
        await host.IdentifyAsync(email);
        var second = await host.RecoveryEmailAsync(email, 2);
        await site.AssertOpensAsync(Journeys.LinkIn(second));
        var verified = await host.VerifyLinkAsync(Journeys.TokenIn(second));
        var linkFlow = verified.GetProperty("flowId").GetString()!;
        await host.AnswerAsync(linkFlow);
        using (var reset = await host.SetPasswordAsync(linkFlow))
        {
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        }

        // The notice that follows: its helpdesk link answers.
        var notice = await host.Mailbox.WaitForMessageAsync(email, MailWait, m => m.Subject.Contains("mot de passe a été modifié", StringComparison.Ordinal));
        await AssertEveryLinkOpensAsync(notice.TextBody!);
    }

    [Fact]
    public async Task Activation_LinkOpensTheActivationPage_ActivatesForTheStatedTime()
    {
        var email = Journeys.NewEmail("activation");
        var before = Now();
        await host.RegisterAsync(email);
        var after = Now();

        var message = await WaitForSubjectAsync(email, "Activez");
        AssertValidUntil(message, before, after, Options.ActivationLinkLifetime);
        await site.AssertOpensAsync(Journeys.LinkIn(message));
        using var activate = await host.Client.PostJsonAsync("/api/accounts/activate", new { token = Journeys.TokenIn(message) });

        Assert.Equal(HttpStatusCode.OK, activate.StatusCode);
    }

    [Fact]
    public async Task UsernameReminder_TheIdentifierItGivesSignsIn()
    {
        var email = Journeys.NewEmail("rappel");
        var number = (await host.CreateActiveAccountAsync(email)).GetProperty("subscriberNumber").GetString()!;

        using (var request = await host.Client.PostJsonAsync("/api/username-recovery", new { subscriberNumber = number, captchaId = "any", captchaText = "any" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, request.StatusCode);
        }

        var message = await WaitForSubjectAsync(email, "Rappel de votre identifiant");
        var shown = GivenIdentifier().Match(message.TextBody!);
        Assert.True(shown.Success, message.TextBody);
        Assert.Contains(number, message.TextBody!, StringComparison.Ordinal);
        await host.SignInAsync(shown.Groups[1].Value);
    }

    [Fact]
    public async Task EmailChangeLink_LinkOpensTheConfirmationPage_ConfirmsForTheStatedTime()
    {
        var email = Journeys.NewEmail("ancienne");
        await host.CreateActiveAccountAsync(email);
        var session = await host.SignInAsync(email);
        var newEmail = Journeys.NewEmail("nouvelle");

        var before = Now();
        using (var request = await host.Client.SendJsonAsync(HttpMethod.Put, "/api/account/email", new { currentPassword = Journeys.Password, newEmail }, session))
        {
            Assert.Equal(HttpStatusCode.Accepted, request.StatusCode);
        }

        var after = Now();
        var message = await WaitForSubjectAsync(newEmail, "Confirmez");
        AssertValidUntil(message, before, after, Options.EmailChangeLinkLifetime);
        await site.AssertOpensAsync(Journeys.LinkIn(message));
        using (var confirm = await host.Client.PostJsonAsync("/api/account/email/confirm", new { token = Journeys.TokenIn(message) }))
        {
            Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        }

        // "Vous ne recevrez plus de message à cette adresse-ci": the new address is the identifier now.
        var notice = await WaitForSubjectAsync(email, "adresse électronique a été modifiée");
        await AssertEveryLinkOpensAsync(notice.TextBody!);
        await host.SignInAsync(newEmail);
    }

    [Fact]
    public async Task HelpdeskRecoveryLink_LinkOpensTheResetPage_SkipsTheQuestionForTheStatedTime()
    {
        var email = Journeys.NewEmail("guichet");
        var number = (await host.CreateActiveAccountAsync(email)).GetProperty("subscriberNumber").GetString()!;
        var agent = await host.AgentTokenAsync();

        var before = Now();
        using (var sent = await host.AgentSendAsync(HttpMethod.Post, $"/api/assistance/accounts/{number}/recovery-link", agent))
        {
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        }

        var after = Now();
        var message = await WaitForSubjectAsync(email, "Définissez un nouveau mot de passe");
        AssertValidUntil(message, before, after, Options.HelpdeskLinkLifetime);
        await site.AssertOpensAsync(Journeys.LinkIn(message));
        var verified = await host.VerifyLinkAsync(Journeys.TokenIn(message));

        // "Vous pouvez définir un nouveau mot de passe": no question stands between the link and the password.
        using var reset = await host.SetPasswordAsync(verified.GetProperty("flowId").GetString()!);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
    }

    public static TheoryData<EmailTemplate, string> Notices()
    {
        var data = new TheoryData<EmailTemplate, string>();
        foreach (var template in Enum.GetValues<EmailTemplate>().Where(t => EmailUrgency.LinkLifetime(t, new RecoveryOptions()) is null))
        {
            data.Add(template, "fr");
            data.Add(template, "en");
        }

        return data;
    }

    /// <summary>
    /// Every email without a token of its own (notices, locks, the récapitulatif): each link it gives answers 200 on
    /// the site, and each page it names in quotes («&#8239;Gérer vos coordonnées&#8239;», "Forgotten password") is a
    /// label the site shows in that language.
    /// </summary>
    [Theory]
    [MemberData(nameof(Notices))]
    public async Task Notice_ItsLinksAnswerAndThePagesItNamesExist(EmailTemplate template, string language)
    {
        var rendered = host.Host.Services.GetRequiredService<IEmailRenderer>().Render(template, language, NoticeValues());

        await AssertEveryLinkOpensAsync(rendered.PlainText);
        var labels = language == "fr" ? FrenchQuoted().Matches(rendered.PlainText) : EnglishQuoted().Matches(rendered.PlainText);
        foreach (var label in labels.Select(m => m.Groups[1].Value))
        {
            Assert.True(site.ShowsLabel(label, language), $"{template} ({language}) names «{label}», which no page of the site shows.");
        }
    }

    /// <summary>The values a notice is queued with, its links as <see cref="Core.Notifications.Notifier"/> builds them from the options.</summary>
    private Dictionary<string, string> NoticeValues()
    {
        var now = Now().ToString("O", CultureInfo.InvariantCulture);
        return new(StringComparer.Ordinal)
        {
            [EmailValueKeys.AssistanceUrl] = Options.AssistanceUrl,
            [EmailValueKeys.SignInUrl] = $"{Options.FrontEndBaseUrl.TrimEnd('/')}/connexion",
            [EmailValueKeys.SubscriberNumber] = "1234567890123",
            [EmailValueKeys.Email] = "usager@example.fr",
            [EmailValueKeys.Question] = "Nom de votre premier animal",
            [EmailValueKeys.Phone] = "06 12 34 56 78",
            [EmailValueKeys.Date] = now,
            [EmailValueKeys.LockedUntil] = now,
            [EmailValueKeys.NewEmailMasked] = "u***@example.fr",
            [EmailValueKeys.Action] = "Déblocage",
            [EmailValueKeys.Reference] = "AB12-CD34",
            [EmailValueKeys.CodesLeft] = "7",
            [EmailValueKeys.PasskeyName] = "Téléphone",
            [EmailValueKeys.ExposedSecret] = "mot de passe",
        };
    }

    private async Task AssertEveryLinkOpensAsync(string text)
    {
        var links = AnyLink().Matches(text).Select(m => m.Value).ToList();
        foreach (var link in links)
        {
            await site.AssertOpensAsync(link);
        }
    }

    /// <summary>The email states "valable(s) jusqu'au …": that instant is the moment of the request plus the token's configured lifetime (to the minute shown).</summary>
    private void AssertValidUntil(LocalMailMessage message, DateTimeOffset before, DateTimeOffset after, TimeSpan lifetime)
    {
        var dates = host.Host.Services.GetRequiredService<ReadableDates>();
        var candidates = new List<string>();
        for (var at = before + lifetime - TimeSpan.FromMinutes(1); at <= after + lifetime + TimeSpan.FromMinutes(1); at += TimeSpan.FromSeconds(30))
        {
            candidates.Add("jusqu’au " + dates.Format(at, "fr"));
        }

        Assert.True(candidates.Any(c => message.TextBody!.Contains(c, StringComparison.Ordinal)), $"Expected one of [{string.Join(" | ", candidates.Distinct())}] in: {message.TextBody}");
    }

    private Task<LocalMailMessage> WaitForSubjectAsync(string email, string fragment)
        => host.Mailbox.WaitForMessageAsync(email, MailWait, m => m.Subject.Contains(fragment, StringComparison.Ordinal));

    [GeneratedRegex("<input id=\"code\" name=\"code\"")]
    private static partial Regex CodeField();

    [GeneratedRegex(@"Identifiant \(adresse électronique\)\u00A0: (\S+@\S+)")]
    private static partial Regex GivenIdentifier();

    [GeneratedRegex("https?://[^\\s<>\"]+")]
    private static partial Regex AnyLink();

    [GeneratedRegex("«\u202F([^»]+?)\u202F»")]
    private static partial Regex FrenchQuoted();

    [GeneratedRegex("\"([^\"]+)\"")]
    private static partial Regex EnglishQuoted();

    /// <summary>The front ends as Static Web Apps serves them (<see cref="LocalSite"/>), to open the pages emails link to.</summary>
    public sealed class SiteFixture : IAsyncLifetime
    {
        private readonly string _mailbox = Path.Combine(Path.GetTempPath(), "instructions-site-" + Guid.NewGuid().ToString("N"));

        private LocalSite _site = null!;

        private HttpClient _client = null!;

        private string _englishTable = "";

        public async Task InitializeAsync()
        {
            Directory.CreateDirectory(_mailbox);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    // No API behind it: the pages are static, only their scripts would call one.
                    _site = await LocalSite.StartAsync(FreePort.Next(), new Uri("http://127.0.0.1:9"), _mailbox);
                    break;
                }
                catch (IOException) when (attempt < 3)
                {
                    // A port was taken between drawing and binding: draw again.
                }
            }

            _client = new HttpClient(new SocketsHttpHandler()) { BaseAddress = _site.BaseAddress };
            _englishTable = await File.ReadAllTextAsync(Path.Combine(LocalSite.WebRoot, "js", "i18n-en.js"));
        }

        /// <summary>Opens an email's link on this site (the link's own origin is the deployment's setting): 200 after redirects, never the 404 page.</summary>
        public async Task AssertOpensAsync(string link)
        {
            var target = new Uri(link);
            using var response = await _client.GetAsync(target.PathAndQuery);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{link} answers {(int)response.StatusCode} on the site.");
        }

        public async Task<string> GetPageAsync(string path)
        {
            using var response = await _client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        /// <summary>Whether a page of the site shows <paramref name="label"/> as a link, title or heading text in that language.</summary>
        public bool ShowsLabel(string label, string language) => language == "fr"
            ? Directory.EnumerateFiles(LocalSite.WebRoot, "*.html", SearchOption.AllDirectories).Any(f => File.ReadAllText(f).Contains(">" + label + "<", StringComparison.Ordinal))
            : _englishTable.Contains("'" + label + "'", StringComparison.Ordinal);

        public async Task DisposeAsync()
        {
            _client.Dispose();
            await _site.DisposeAsync();
            try
            {
                Directory.Delete(_mailbox, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }
}
