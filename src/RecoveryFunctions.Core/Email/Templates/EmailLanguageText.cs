namespace RecoveryFunctions.Core.Email.Templates;

/// <summary>One language's words: what every email shares (greeting, footer, labels) and each template's text table.</summary>
/// <param name="WithoutQuestion">
/// Under the ASVS profile nobody has a security question (ASVS 6.4.2): the footer and the texts that would name one,
/// worded without it. Keys are those of <paramref name="Texts"/>; a key absent here keeps its text.
/// </param>
public sealed record EmailLanguageText(
    string HtmlLanguage,
    string Greeting,
    string LabelSeparator,
    string NotProvided,
    string NotYouLinkLabel,
    string LinkFallbackHint,
    IReadOnlyList<string> Footer,
    IReadOnlyDictionary<string, string> Texts,
    QuestionFreeText? WithoutQuestion = null)
{
    /// <summary>The words under <paramref name="key"/>; a missing one is a programming error, caught by the tables' test.</summary>
    public string Text(string key)
        => Texts.TryGetValue(key, out var text) ? text : throw new KeyNotFoundException($"No email text '{key}' for language '{HtmlLanguage}'.");

    /// <summary>This language as an account without a security question reads it (<see cref="WithoutQuestion"/> laid over).</summary>
    public EmailLanguageText QuestionFree() => WithoutQuestion is not { } over ? this : this with
    {
        Footer = over.Footer,
        Texts = Texts.ToDictionary(pair => pair.Key, pair => over.Texts.GetValueOrDefault(pair.Key, pair.Value), StringComparer.Ordinal),
        WithoutQuestion = null,
    };
}

/// <summary>The footer and the texts of a language that change when there is no security question (the ASVS profile).</summary>
public sealed record QuestionFreeText(IReadOnlyList<string> Footer, IReadOnlyDictionary<string, string> Texts);
