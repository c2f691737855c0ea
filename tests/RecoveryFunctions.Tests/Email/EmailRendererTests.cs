using RecoveryFunctions.Core.Dates;
using RecoveryFunctions.Core.Email;

namespace RecoveryFunctions.Tests.Email;

public sealed class EmailRendererTests
{
    private const string AssistanceUrl = "https://espace.example.fr/assistance";

    private static readonly EmailTemplate[] SecurityNotifications =
    [
        EmailTemplate.AlreadyRegistered,
        EmailTemplate.SignInLocked,
        EmailTemplate.RecoveryLocked,
        EmailTemplate.PasswordChanged,
        EmailTemplate.EmailChangeRequested,
        EmailTemplate.EmailChanged,
        EmailTemplate.SecurityQuestionChanged,
        EmailTemplate.PhoneChanged,
        EmailTemplate.AssistanceAction,
        EmailTemplate.AssistanceRequestSecretRedacted,
    ];

    private readonly EmailRenderer _renderer = new(new ReadableDates(TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")));

    public static TheoryData<EmailTemplate, string> EveryTemplateAndLanguage()
    {
        var data = new TheoryData<EmailTemplate, string>();
        foreach (var template in Enum.GetValues<EmailTemplate>())
        {
            data.Add(template, "fr");
            data.Add(template, "en");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryTemplateAndLanguage))]
    public void Render_EveryTemplateAndLanguage_ProducesSubjectHtmlAndText(EmailTemplate template, string language)
    {
        var email = _renderer.Render(template, language, AllValues());

        Assert.False(string.IsNullOrWhiteSpace(email.Subject));
        Assert.DoesNotContain(email.Subject, char.IsControl);
        Assert.Contains($"<html lang=\"{language}\">", email.Html, StringComparison.Ordinal);
        Assert.Contains(language == "fr" ? "Bonjour," : "Hello,", email.PlainText, StringComparison.Ordinal);
        Assert.DoesNotContain("{", email.PlainText, StringComparison.Ordinal);
        Assert.DoesNotContain("{", email.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_EveryTemplate_FrenchAndEnglishSubjectsDiffer()
    {
        foreach (var template in Enum.GetValues<EmailTemplate>())
        {
            var french = _renderer.Render(template, "fr", AllValues());
            var english = _renderer.Render(template, "en", AllValues());
            Assert.NotEqual(french.Subject, english.Subject);
        }
    }

    [Theory]
    [InlineData("de")]
    [InlineData("")]
    [InlineData("FR-fr")]
    public void Render_OtherLanguage_FallsBackToFrench(string language)
    {
        var email = _renderer.Render(EmailTemplate.PasswordChanged, language, AllValues());

        Assert.Equal("Votre mot de passe a été modifié", email.Subject);
    }

    [Fact]
    public void Render_EnglishRegionTag_UsesEnglish()
    {
        var email = _renderer.Render(EmailTemplate.PasswordChanged, "en-GB", AllValues());

        Assert.Equal("Your password was changed", email.Subject);
    }

    [Fact]
    public void Render_SecurityNotifications_PointToAssistanceInBothBodies()
    {
        foreach (var template in SecurityNotifications)
        {
            var french = _renderer.Render(template, "fr", AllValues());
            var english = _renderer.Render(template, "en", AllValues());

            Assert.Contains("Pas vous\u202F?", french.PlainText, StringComparison.Ordinal);
            Assert.Contains($"href=\"{AssistanceUrl}\"", french.Html, StringComparison.Ordinal);
            Assert.Contains(AssistanceUrl, french.PlainText, StringComparison.Ordinal);
            Assert.Contains("Not you?", english.PlainText, StringComparison.Ordinal);
            Assert.Contains($"href=\"{AssistanceUrl}\"", english.Html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Render_RecoveryLink_CarriesLinkAndCodeInBothBodies()
    {
        var email = _renderer.Render(EmailTemplate.RecoveryLink, "fr", AllValues());

        Assert.Contains("href=\"https://espace.example.fr/reset?t=abc&amp;x=1\"", email.Html, StringComparison.Ordinal);
        Assert.Contains("https://espace.example.fr/reset?t=abc&x=1", email.PlainText, StringComparison.Ordinal);
        Assert.Contains("K7PX3MZQ", email.Html, StringComparison.Ordinal);
        Assert.Contains("K7PX3MZQ", email.PlainText, StringComparison.Ordinal);
        Assert.Contains(">Réinitialiser mon mot de passe</a>", email.Html, StringComparison.Ordinal);
    }

    /// <summary>
    /// What the page does next: the link goes to the question (no code is asked after it), the code is typed on the page
    /// that asked for it. The browser journeys follow each way (ForgottenPasswordTests, by link and by code).
    /// </summary>
    [Theory]
    [InlineData("fr", "ouvrez le lien ci-dessous, ou bien saisissez le code de vérification dans la page où vous avez fait la demande", "quand il vous est demandé")]
    [InlineData("en", "open the link below, or else type the verification code on the page where you made the request", "when asked")]
    public void Render_RecoveryLink_SaysLinkOrCodeNeverTheCodeAfterTheLink(string language, string said, string untrue)
    {
        var email = _renderer.Render(EmailTemplate.RecoveryLink, language, AllValues());

        Assert.Contains(said, email.PlainText, StringComparison.Ordinal);
        Assert.DoesNotContain(untrue, email.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ValueWithMarkupAndQuotes_IsHtmlEncoded()
    {
        var values = AllValues();
        values[EmailValueKeys.Action] = "<script>alert(\"x\")</script>";
        values[EmailValueKeys.Date] = "\"><img src=x onerror=alert(1)>";

        var email = _renderer.Render(EmailTemplate.AssistanceAction, "fr", values);

        Assert.DoesNotContain("<script>", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", email.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;", email.Html, StringComparison.Ordinal);
        Assert.Contains("&quot;&gt;&lt;img", email.Html, StringComparison.Ordinal);
        Assert.Contains("<script>alert(\"x\")</script>", email.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ValuesWithCrLf_SubjectNeverHoldsALineBreak()
    {
        var values = AllValues();
        values[EmailValueKeys.ServiceName] = "Espace professionnel";
        foreach (var key in values.Keys.ToList())
        {
            if (!key.EndsWith("Url", StringComparison.Ordinal))
            {
                values[key] += "\r\nBcc: x@evil.example\u0085\u2028\t\0";
            }
        }

        foreach (var template in Enum.GetValues<EmailTemplate>())
        {
            foreach (var language in (string[])["fr", "en"])
            {
                var email = _renderer.Render(template, language, values);

                Assert.DoesNotContain(email.Subject, c => char.IsControl(c) || c is '\u2028' or '\u2029');
                Assert.DoesNotContain("\r\nBcc", email.Html, StringComparison.Ordinal);
                Assert.DoesNotContain("\nBcc", email.PlainText, StringComparison.Ordinal);
            }
        }

        var subject = _renderer.Render(EmailTemplate.PasswordChanged, "fr", values).Subject;
        Assert.StartsWith("Espace professionnel Bcc: x@evil.example –", subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MissingValue_ThrowsNamingTemplateAndKey()
    {
        var values = AllValues();
        values.Remove(EmailValueKeys.Code);

        var error = Assert.Throws<ArgumentException>(() => _renderer.Render(EmailTemplate.RecoveryLink, "fr", values));

        Assert.Contains("RecoveryLink", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Code'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NonHttpUrl_Throws()
    {
        var values = AllValues();
        values[EmailValueKeys.AssistanceUrl] = "javascript:alert(1)";

        Assert.Throws<ArgumentException>(() => _renderer.Render(EmailTemplate.PasswordChanged, "fr", values));
    }

    [Fact]
    public void Render_EmptyPhone_ShowsNotProvided()
    {
        var values = AllValues();
        values[EmailValueKeys.Phone] = "";

        var french = _renderer.Render(EmailTemplate.PhoneChanged, "fr", values);
        var english = _renderer.Render(EmailTemplate.PhoneChanged, "en", values);

        Assert.Contains("non renseigné", french.PlainText, StringComparison.Ordinal);
        Assert.Contains("not provided", english.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_RegistrationSummary_NeverMentionsAnswerOrPasswordValues()
    {
        var values = AllValues();
        values["Answer"] = "secret-answer";
        values["Password"] = "secret-password";

        var email = _renderer.Render(EmailTemplate.RegistrationSummary, "fr", values);

        Assert.DoesNotContain("secret-", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-", email.PlainText, StringComparison.Ordinal);
        Assert.Contains("1234567890123", email.PlainText, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> AllValues() => new()
    {
        [EmailValueKeys.ActivationUrl] = "https://espace.example.fr/activation?t=abc",
        [EmailValueKeys.SignInUrl] = "https://espace.example.fr/connexion",
        [EmailValueKeys.AssistanceUrl] = AssistanceUrl,
        [EmailValueKeys.SubscriberNumber] = "1234567890123",
        [EmailValueKeys.Email] = "usager@example.fr",
        [EmailValueKeys.Question] = "Nom de votre premier animal ?",
        [EmailValueKeys.Phone] = "+33612345678",
        [EmailValueKeys.Date] = "27/11/2026 à 09:30",
        [EmailValueKeys.LockedUntil] = "27/11/2026 à 09:45",
        [EmailValueKeys.RecoveryUrl] = "https://espace.example.fr/reset?t=abc&x=1",
        [EmailValueKeys.Code] = "K7PX3MZQ",
        [EmailValueKeys.ExpiresAt] = "27/11/2026 à 10:00",
        [EmailValueKeys.ConfirmUrl] = "https://espace.example.fr/confirmation?t=abc",
        [EmailValueKeys.NewEmailMasked] = "n***@example.fr",
        [EmailValueKeys.Action] = "Réinitialisation du mot de passe",
        [EmailValueKeys.Reference] = "20261127-093000-K7PX3M",
        [EmailValueKeys.ExposedSecret] = "Votre mot de passe",
        [EmailValueKeys.CodesLeft] = "9",
        [EmailValueKeys.PasskeyName] = "Téléphone de Jean",
    };
}
