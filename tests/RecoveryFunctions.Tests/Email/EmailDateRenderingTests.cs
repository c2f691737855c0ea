using System.Globalization;
using RecoveryFunctions.Core.Dates;
using RecoveryFunctions.Core.Email;

namespace RecoveryFunctions.Tests.Email;

/// <summary>Instants travel in the outbox as ISO 8601 and reach people as words, in the service's zone and the email's language.</summary>
public sealed class EmailDateRenderingTests
{
    private static readonly DateTimeOffset Winter = new(2026, 12, 1, 16, 4, 52, TimeSpan.Zero);

    private readonly EmailRenderer _renderer = new(new ReadableDates(TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")));

    [Theory]
    [InlineData("fr", "Ce lien et ce code sont valables jusqu’au ", "1er décembre 2026 à 17\u00A0h\u00A004 (heure de Paris)")]
    [InlineData("en", "This link and this code are valid until ", "1 December 2026 at 5:04\u00A0pm (Paris time)")]
    public void Render_IsoExpiry_WrittenForPeopleInHtmlAndText(string language, string sentence, string date)
    {
        var email = _renderer.Render(EmailTemplate.RecoveryLink, language, new Dictionary<string, string>
        {
            [EmailValueKeys.RecoveryUrl] = "https://espace.example.fr/mot-de-passe-oublie#token=abc",
            [EmailValueKeys.Code] = "8DPF-6HSC",
            [EmailValueKeys.ExpiresAt] = Winter.ToString("O", CultureInfo.InvariantCulture),
        });

        Assert.Contains(sentence + date, email.PlainText, StringComparison.Ordinal);
        Assert.Contains("<strong>" + date + "</strong>", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("2026-12-01", email.PlainText + email.Html, StringComparison.Ordinal);
        Assert.Contains("8DPF-6HSC", email.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SummaryDateDetail_LocalDateWithoutArticle()
    {
        var summer = new DateTimeOffset(2026, 7, 14, 8, 30, 0, TimeSpan.Zero);

        var email = _renderer.Render(EmailTemplate.RegistrationSummary, "fr", new Dictionary<string, string>
        {
            [EmailValueKeys.SignInUrl] = "https://espace.example.fr/connexion",
            [EmailValueKeys.SubscriberNumber] = "9052005203487",
            [EmailValueKeys.Email] = "usager@example.fr",
            [EmailValueKeys.Question] = "Question ?",
            [EmailValueKeys.Phone] = "",
            [EmailValueKeys.Date] = summer.ToString("O", CultureInfo.InvariantCulture),
        });

        Assert.Contains("Date d’activation\u00A0: 14 juillet 2026 à 10\u00A0h\u00A030 (heure de Paris)\n", email.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_LockedUntilInEnglish_PreposedSentence()
    {
        var email = _renderer.Render(EmailTemplate.SignInLocked, "en", new Dictionary<string, string>
        {
            [EmailValueKeys.LockedUntil] = new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero).ToString("O", CultureInfo.InvariantCulture),
            [EmailValueKeys.AssistanceUrl] = "https://espace.example.fr/assistance",
        });

        Assert.Contains("sign-in is locked until 29 March 2026 at 3:00\u00A0am (Paris time).", email.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_InstantKeyWithText_ShownAsGiven()
    {
        var email = _renderer.Render(EmailTemplate.PasswordChanged, "fr", new Dictionary<string, string>
        {
            [EmailValueKeys.Date] = "hier soir",
            [EmailValueKeys.AssistanceUrl] = "https://espace.example.fr/assistance",
        });

        Assert.Contains("modifié le hier soir.", email.PlainText, StringComparison.Ordinal);
    }
}
