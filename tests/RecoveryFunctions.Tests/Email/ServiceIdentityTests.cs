using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Notifications;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Summary;
using RecoveryFunctions.DevServices.Azurite;
using RecoveryFunctions.Tests.Summary;
using RecoveryFunctions.TestSupport;
using RecoveryFunctions.TestSupport.InMemory;

namespace RecoveryFunctions.Tests.Email;

/// <summary>
/// One name, brand and address (issue 25, item 3): with a witness configuration, every email in both languages and
/// the récapitulatif name the configured service and no other; the site's files carry no name of their own (the
/// browser test <c>CitizenTextTests</c> shows the header reading it from /config.json).
/// </summary>
public sealed class ServiceIdentityTests(ServiceIdentityTests.WitnessServiceGraph graph) : IClassFixture<ServiceIdentityTests.WitnessServiceGraph>
{
    private const string Name = "Service Témoin";
    private const string EnglishName = "Witness Service";
    private const string Brand = "temoin.example";
    private const string Address = "https://www.temoin.example/portail";

    /// <summary>Every name the service was ever given, and the defaults a forgotten reader would fall back to.</summary>
    public static readonly string[] OtherNames =
    [
        "Espace usager", "récupération de compte", "espace professionnel", "professional space", "professional account",
        "Holder’s space", "impots.gouv.fr", new ServiceOptions().Name, new ServiceOptions().EnglishName,
    ];

    [Fact]
    public async Task Every_email_in_both_languages_names_the_configured_service_brand_and_address_and_no_other()
    {
        var notifier = graph.Services.GetRequiredService<Notifier>();
        var renderer = graph.Services.GetRequiredService<IEmailRenderer>();
        graph.Outbox.Clear();
        foreach (var template in Enum.GetValues<EmailTemplate>())
        {
            foreach (var language in (string[])["fr", "en"])
            {
                await notifier.SendAsync(template, "titulaire@example.fr", language, Values(template), EmailBudget.None);
            }
        }

        var queued = graph.Outbox.Drain();
        Assert.Equal(Enum.GetValues<EmailTemplate>().Length * 2, queued.Count);
        foreach (var email in queued)
        {
            var rendered = renderer.Render(email.Template, email.Language, email.Values);
            var name = email.Language == "en" ? EnglishName : Name;
            Assert.StartsWith($"{name} – ", rendered.Subject, StringComparison.Ordinal);
            foreach (var body in new[] { rendered.Html, rendered.PlainText })
            {
                Assert.Contains($"{name} — {Brand}", body, StringComparison.Ordinal);
                Assert.Contains("www.temoin.example/portail", body, StringComparison.Ordinal);
                AssertNoOtherName($"{email.Template} ({email.Language})", rendered.Subject + body);
            }

            foreach (var attachment in rendered.Attachments ?? [])
            {
                var (_, text) = PdfText.Read(attachment.Content);
                Assert.Contains(name, text, StringComparison.Ordinal);
                AssertNoOtherName($"{email.Template} PDF ({email.Language})", text);
            }
        }
    }

    [Theory]
    [InlineData("fr", Name)]
    [InlineData("en", EnglishName)]
    public void The_recapitulatif_names_the_configured_service_brand_and_address_and_no_other(string language, string name)
    {
        var factory = graph.Services.GetRequiredService<SummaryDocumentFactory>();
        var renderer = graph.Services.GetRequiredService<ISummaryDocumentRenderer>();

        var document = factory.Create(AccountSummaryFactory.Create(SummaryPdfTests.Account(language), language, StandardsProfile.Seed), language, graph.Time.GetUtcNow());
        var (pdf, text) = PdfText.Read(renderer.Render(document));

        Assert.Contains($"{name} — {Brand}", text, StringComparison.Ordinal);
        Assert.Contains("www.temoin.example/portail", text, StringComparison.Ordinal);
        Assert.EndsWith(name, pdf.Info.Title, StringComparison.Ordinal);
        AssertNoOtherName($"PDF ({language})", text + pdf.Info.Title + pdf.Info.Creator);
    }

    [Fact]
    public void The_sites_pages_and_scripts_carry_no_name_of_their_own()
    {
        var root = Path.Combine(RepositoryRoot.Find(), "src", "RecoveryFunctions.Web", "wwwroot");
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f) is ".html" or ".js" or ".css" && !f.Contains($"{Path.DirectorySeparatorChar}vendor{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.True(files.Count > 20, $"{files.Count} site files found under {root}");
        foreach (var file in files)
        {
            AssertNoOtherName(Path.GetRelativePath(root, file), File.ReadAllText(file));
        }
    }

    private static void AssertNoOtherName(string where, string text)
    {
        foreach (var other in OtherNames)
        {
            Assert.False(text.Contains(other, StringComparison.OrdinalIgnoreCase), $"{where} says \"{other}\".");
        }
    }

    /// <summary>A value for every key any template reads; instants as the producers write them (ISO 8601).</summary>
    internal static Dictionary<string, string> Values(EmailTemplate template) => template == EmailTemplate.RegistrationSummary
        ? new(SummaryEmail.Values(SummaryPdfTests.Account("fr"), StandardsProfile.Seed))
        : new()
        {
            [EmailValueKeys.ActivationUrl] = "https://espace.example.fr/activation/#token=a",
            [EmailValueKeys.SignInUrl] = "https://espace.example.fr/connexion/",
            [EmailValueKeys.AssistanceUrl] = "https://espace.example.fr/aide/",
            [EmailValueKeys.SubscriberNumber] = "9052005203487",
            [EmailValueKeys.Email] = "titulaire@example.fr",
            [EmailValueKeys.Question] = "Nom de votre premier animal\u202F?",
            [EmailValueKeys.Phone] = "+33612345678",
            [EmailValueKeys.Date] = "2026-11-27T09:30:00.0000000Z",
            [EmailValueKeys.LockedUntil] = "2026-11-27T09:45:00.0000000Z",
            [EmailValueKeys.RecoveryUrl] = "https://espace.example.fr/mot-de-passe-oublie/#token=a",
            [EmailValueKeys.Code] = "K7PX3MZQ",
            [EmailValueKeys.ExpiresAt] = "2026-11-27T10:00:00.0000000Z",
            [EmailValueKeys.ConfirmUrl] = "https://espace.example.fr/confirmation-adresse/#token=a",
            [EmailValueKeys.NewEmailMasked] = "n***@example.fr",
            [EmailValueKeys.Action] = "Réinitialisation du mot de passe",
            [EmailValueKeys.Reference] = "20261127-093000-K7PX3M",
            [EmailValueKeys.ExposedSecret] = "Votre mot de passe",
            [EmailValueKeys.CodesLeft] = "9",
            [EmailValueKeys.PasskeyName] = "Téléphone de Jean",
        };

    /// <summary>The in-memory service graph with a service no default names.</summary>
    public sealed class WitnessServiceGraph : InMemoryServiceGraph
    {
        protected override IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>
        {
            ["Service:Name"] = Name,
            ["Service:EnglishName"] = EnglishName,
            ["Service:Brand"] = Brand,
            ["Service:Address"] = Address,
        };
    }
}
