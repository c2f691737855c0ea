using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using PdfSharp;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Dates;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Notifications;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Summary;
using RecoveryFunctions.Infrastructure.Email;
using RecoveryFunctions.Infrastructure.Summary;
using RecoveryFunctions.Tests.Email;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Summary;

/// <summary>The printable récapitulatif (contract §2.8): a valid A4 PDF with every field, never the answer, in the holder's language.</summary>
[Collection(LocalHostCollection.Name)]
public sealed class SummaryPdfTests(LocalHostFixture host)
{
    private static readonly ReadableDates Dates = new(TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));

    [Fact]
    public async Task GetSummaryPdf_SignedIn_EveryFieldPresentAnswerAbsent()
    {
        var email = Journeys.NewEmail("pdf");
        var summary = await host.CreateActiveAccountAsync(email);
        var session = await host.SignInAsync(email);

        using var response = await host.Client.GetAsync("/api/account/summary.pdf", session);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var (document, text) = PdfText.Read(await response.Content.ReadAsByteArrayAsync());
        var page = Assert.Single(document.Pages.Cast<PdfSharp.Pdf.PdfPage>());
        Assert.Equal(595, page.Width.Point, 0);
        Assert.Equal(842, page.Height.Point, 0);
        foreach (var expected in new[]
        {
            "Récapitulatif d’inscription", "impots.gouv.fr", "Document établi le", "Numéro d’abonné",
            summary.GetProperty("subscriberNumber").GetString()!, email,
            summary.GetProperty("securityQuestion").GetProperty("text").GetString()!,
            summary.GetProperty("phone").GetString()!, "actif", "Date d’inscription",
        })
        {
            Assert.Contains(PdfText.Flat(expected), text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Journeys.Answer, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Journeys.Password, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSummaryPdf_NoSession_Refused()
    {
        using var response = await host.Client.GetAsync("/api/account/summary.pdf", bearer: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("session-invalid", await response.ProblemCodeAsync());
    }

    [Fact]
    public void Render_SummaryEmailInEnglish_AttachesTheSamePdf()
    {
        var account = Account("en");
        var renderer = new SummaryAttachmentRenderer(new EmailRenderer(Dates), Factory(), new PdfSharpSummaryRenderer(), new FixedTimeProvider(new DateTimeOffset(2026, 7, 14, 8, 30, 0, TimeSpan.Zero)));

        var email = renderer.Render(EmailTemplate.RegistrationSummary, "en", SummaryEmail.Values(account, StandardsProfile.Seed));

        var attachment = Assert.Single(email.Attachments!);
        Assert.Equal("application/pdf", attachment.ContentType);
        Assert.Equal("registration-summary.pdf", attachment.Name);
        Assert.InRange(attachment.Content.Length, 1_000, 100_000);
        var (_, text) = PdfText.Read(attachment.Content);
        Assert.Contains("Registration summary", text, StringComparison.Ordinal);
        Assert.Contains("Issued on 14 July 2026 at 10:30", text, StringComparison.Ordinal);
        Assert.Contains(account.SubscriberNumber, text, StringComparison.Ordinal);
        Assert.Contains(account.Email, text, StringComparison.Ordinal);
        Assert.Contains("Password last changed", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_AddressWiderThanItsColumn_StaysOnThePage()
    {
        var account = Account("fr") with { Email = new string('x', 90) + "@" + new string('y', 60) + ".example.fr" };
        var document = Factory().Create(RecoveryFunctions.Core.Summary.AccountSummaryFactory.Create(account, "fr", StandardsProfile.Seed), "fr", DateTimeOffset.UnixEpoch);

        var (_, text) = PdfText.Read(new PdfSharpSummaryRenderer().Render(document));

        // Cut into pieces that each fit the value column: the pieces, joined, are the address.
        Assert.Contains(account.Email, text.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain(account.Email, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_EmailWithoutSummary_NoAttachment()
    {
        var renderer = new SummaryAttachmentRenderer(new EmailRenderer(Dates), Factory(), new PdfSharpSummaryRenderer(), TimeProvider.System);

        var email = renderer.Render(EmailTemplate.PasswordChanged, "fr", new Dictionary<string, string>
        {
            [EmailValueKeys.Date] = "2026-12-01T16:03:00Z",
            [EmailValueKeys.AssistanceUrl] = "https://espace.example.fr/assistance",
            [EmailValueKeys.ServiceName] = "impots.gouv.fr",
        });

        Assert.Null(email.Attachments);
    }

    [Fact]
    public void AcsSendRequest_WithAttachment_UsesTheRestFieldNames()
    {
        var body = new AcsSendEmailRequest("DoNotReply@local.test", new AcsEmailContent("s", "t", null), new AcsEmailRecipients([new AcsEmailAddress("a@example.fr")]),
            Attachments: [new AcsEmailAttachment("recapitulatif-inscription.pdf", "application/pdf", Convert.ToBase64String([37, 80, 68, 70]))]);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(body, AcsJson.Options));

        var attachment = Assert.Single(json.RootElement.GetProperty("attachments").EnumerateArray().ToList());
        Assert.Equal("recapitulatif-inscription.pdf", attachment.GetProperty("name").GetString());
        Assert.Equal("application/pdf", attachment.GetProperty("contentType").GetString());
        Assert.Equal("JVBERg==", attachment.GetProperty("contentInBase64").GetString());
    }

    private static SummaryDocumentFactory Factory()
        => new(Dates, Options.Create(new ServiceOptions()));

    internal static Account Account(string language) => new()
    {
        SubscriberNumber = "9052005203487",
        Email = "titulaire@example.fr",
        Status = AccountStatus.Active,
        PasswordHash = "x",
        SecurityQuestionId = 2,
        SecurityAnswerHash = "x",
        Phone = "+33612345678",
        Language = language,
        RegisteredAt = new DateTimeOffset(2026, 1, 10, 9, 0, 0, TimeSpan.Zero),
        PasswordChangedAt = new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero),
        SecurityStamp = 1,
    };
}
