using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Assistance;
using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Core.Dates;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Questions;
using RecoveryFunctions.Core.Summary;
using RecoveryFunctions.DevServices.Azurite;
using RecoveryFunctions.Http;
using RecoveryFunctions.Tests.Summary;

namespace RecoveryFunctions.Tests.Email;

/// <summary>
/// French typography by rule (issue 25, item 6) over every text a person reads: the pages' HTML, the scripts' message
/// tables, every email in both languages, the récapitulatif, the security questions, the problem texts and the
/// helpdesk's action labels. One apostrophe (’) in both languages; in French a no-break space (U+00A0) before ":"
/// and a narrow one (U+202F) before ";", "?", "!" and inside « ».
/// </summary>
public sealed partial class TypographyTests
{
    private static readonly string WebRoot = Path.Combine(RepositoryRoot.Find(), "src", "RecoveryFunctions.Web", "wwwroot");

    /// <summary>The breaches of <paramref name="text"/>, each with a few characters around it.</summary>
    internal static IEnumerable<string> Breaches(string text, bool french)
    {
        var rules = new List<(Regex Rule, string Says)>
        {
            (StraightApostrophe(), "straight apostrophe (write ’)"),
            (SpaceBeforeMark(), "breakable space before a mark"),
            (SpaceInsideQuotes(), "breakable space inside « »"),
        };
        if (french)
        {
            rules.Add((MarkWithoutSpace(), "no narrow no-break space before ; ? !"));
            rules.Add((WideBeforeNarrowMark(), "U+00A0 where U+202F is due (; ? ! « »)"));
            rules.Add((ColonWithoutSpace(), "no no-break space before :"));
            rules.Add((QuotesWithoutSpace(), "no narrow no-break space inside « »"));
        }

        foreach (var (rule, says) in rules)
        {
            foreach (Match match in rule.Matches(text))
            {
                var from = Math.Max(0, match.Index - 20);
                yield return $"{says}: …{text[from..Math.Min(text.Length, match.Index + 20)]}…";
            }
        }
    }

    [Fact]
    public void The_rules_catch_each_breach_and_pass_good_text()
    {
        Assert.Empty(Breaches("L’adresse\u00A0: «\u202Fvous\u202F»\u202F; prêt\u202F? Oui\u202F! https://x.fr 10:30", french: true));
        Assert.Empty(Breaches("Wrong answer: try again? Don’t!", french: false));
        foreach (var bad in new[] { "l'adresse", "Adresse : x", "Adresse: x", "prêt ?", "prêt?", "prêt\u00A0?", "« x »", "«x»", "a ; b" })
        {
            Assert.NotEmpty(Breaches(bad, french: true));
        }

        Assert.NotEmpty(Breaches("Don't", french: false));
    }

    [Fact]
    public void Pages_follow_the_rules()
    {
        var pages = Directory.EnumerateFiles(WebRoot, "*.html", SearchOption.AllDirectories).Where(f => !f.Contains("vendor", StringComparison.Ordinal)).ToList();
        Assert.True(pages.Count >= 10, $"{pages.Count} pages");
        var breaches = pages.SelectMany(page => PageTexts(File.ReadAllText(page)).SelectMany(text => Breaches(text, french: true)).Select(b => $"{Path.GetRelativePath(WebRoot, page)}: {b}"));
        Assert.Empty(breaches);
    }

    [Fact]
    public void Script_message_tables_follow_the_rules()
    {
        var messages = MessageEntry().Matches(File.ReadAllText(Path.Combine(WebRoot, "js", "messages.js"))).ToList();
        Assert.True(messages.Count > 100, $"messages.js read as {messages.Count} entries");
        var english = EnglishEntry().Matches(File.ReadAllText(Path.Combine(WebRoot, "js", "i18n-en.js"))).ToList();
        Assert.True(english.Count > 100, $"i18n-en.js read as {english.Count} entries");
        var breaches = messages.SelectMany(m => Breaches(Unescape(m.Groups["fr"].Value), french: true).Concat(Breaches(Unescape(m.Groups["en"].Value), french: false)).Select(b => $"{m.Groups["key"].Value}: {b}"))
            .Concat(english.SelectMany(m => Breaches(Unescape(m.Groups["en"].Value), french: false).Select(b => $"{m.Groups["key"].Value}: {b}")));
        Assert.Empty(breaches);
    }

    [Fact]
    public void Every_email_in_both_languages_follows_the_rules()
    {
        var renderer = new EmailRenderer(new ReadableDates(TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")));
        var breaches = new List<string>();
        foreach (var template in Enum.GetValues<EmailTemplate>())
        {
            foreach (var language in (string[])["fr", "en"])
            {
                var values = ServiceIdentityTests.Values(template);
                values[EmailValueKeys.ServiceName] = new ServiceOptions().NameIn(language);
                values[EmailValueKeys.ServiceBrand] = new ServiceOptions().Brand;
                values[EmailValueKeys.ServiceAddress] = new ServiceOptions().DisplayAddress;
                var email = renderer.Render(template, language, values);
                // The plain text is the words without markup; the HTML's own words are the same, encoded.
                breaches.AddRange(Breaches(email.Subject + "\n" + email.PlainText, language == "fr").Select(b => $"{template} ({language}): {b}"));
            }
        }

        Assert.True(breaches.Count == 0, string.Join('\n', breaches));
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("en")]
    public void The_recapitulatif_the_questions_the_problems_the_acknowledgements_and_the_action_labels_follow_the_rules(string language)
    {
        var french = language == "fr";
        var document = new SummaryDocumentFactory(new ReadableDates(TimeZoneInfo.FindSystemTimeZoneById("Europe/Athens")), Options.Create(new ServiceOptions()))
            .Create(AccountSummaryFactory.Create(SummaryPdfTests.Account(language), language, StandardsProfile.Seed), language, DateTimeOffset.UnixEpoch);
        var texts = new List<string> { document.ServiceName, document.Title, document.Issued, document.Notice };
        texts.AddRange(document.Fields.SelectMany(f => new[] { f.Label, f.Value }));
        texts.AddRange(SecurityQuestionCatalog.Offered.Select(q => french ? q.French : q.English));
        texts.AddRange(ProblemCatalog.AllCodes.Select(ProblemCatalog.For).SelectMany(p => new[] { p.Title(french ? "fr" : "en"), p.Detail(french ? "fr" : "en") }));
        texts.AddRange([UserMessages.RegistrationAccepted(language), UserMessages.UsernameRecoveryAccepted(language), UserMessages.EmailChangeAccepted(language),
            UserMessages.HelpdeskLinkSent(language), UserMessages.CaptchaAltText(null, language), UserMessages.CaptchaAltText(6, language)]);
        texts.AddRange(new[] { AuditEventTypes.AgentLookUp, AuditEventTypes.AgentRecoveryLink, AuditEventTypes.AgentUnlock, AuditEventTypes.AgentEventsRead, AuditEventTypes.AgentRequestAssigned, AuditEventTypes.AgentRequestClosed }
            .Select(type => AssistanceActionLabels.For(type, language)));

        Assert.Empty(texts.SelectMany(text => Breaches(text, french).Select(b => $"{text}: {b}")));
    }

    /// <summary>The words of a page: text between tags and the attributes people hear (entities decoded).</summary>
    private static IEnumerable<string> PageTexts(string html)
        => TextBetweenTags().Matches(html).Select(m => m.Groups[1].Value)
            .Concat(ReadAttribute().Matches(html).Select(m => m.Groups[1].Value))
            .Select(text => WebUtility.HtmlDecode(text) ?? "");

    private static string Unescape(string literal) => Regex.Unescape(literal.Replace("\\'", "'", StringComparison.Ordinal));

    [GeneratedRegex(@"(?<=\p{L})'(?=\p{L})")]
    private static partial Regex StraightApostrophe();

    [GeneratedRegex(@" [:;?!](?=\s|$|\p{P})")]
    private static partial Regex SpaceBeforeMark();

    [GeneratedRegex(@"« | »")]
    private static partial Regex SpaceInsideQuotes();

    [GeneratedRegex(@"[\p{L}\p{N})»][;?!]")]
    private static partial Regex MarkWithoutSpace();

    [GeneratedRegex(@"\u00A0[;?!»]|«\u00A0")]
    private static partial Regex WideBeforeNarrowMark();

    [GeneratedRegex(@"\p{L}:(?=\s|$)")]
    private static partial Regex ColonWithoutSpace();

    [GeneratedRegex(@"«[^\u202F\u00A0]|[^\u202F\u00A0]»")]
    private static partial Regex QuotesWithoutSpace();

    [GeneratedRegex(@">([^<]+)<")]
    private static partial Regex TextBetweenTags();

    [GeneratedRegex(@"(?:aria-label|alt|title|placeholder)=""([^""]*)""")]
    private static partial Regex ReadAttribute();

    [GeneratedRegex(@"^\s*'(?<key>[\w.-]+)':\s*\['(?<fr>(?:[^'\\]|\\.)*)',\s*'(?<en>(?:[^'\\]|\\.)*)'\]", RegexOptions.Multiline)]
    private static partial Regex MessageEntry();

    [GeneratedRegex(@"^\s*'(?<key>[\w.-]+)':\s*'(?<en>(?:[^'\\]|\\.)*)'", RegexOptions.Multiline)]
    private static partial Regex EnglishEntry();
}
