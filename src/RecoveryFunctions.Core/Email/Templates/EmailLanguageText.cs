namespace RecoveryFunctions.Core.Email.Templates;

/// <summary>One language's words: what every email shares (greeting, footer, labels) and each template's text table.</summary>
public sealed record EmailLanguageText(
    string HtmlLanguage,
    string Greeting,
    string LabelSeparator,
    string NotProvided,
    string NotYouLinkLabel,
    string LinkFallbackHint,
    IReadOnlyList<string> Footer,
    IReadOnlyDictionary<string, string> Texts)
{
    /// <summary>The words under <paramref name="key"/>; a missing one is a programming error, caught by the tables' test.</summary>
    public string Text(string key)
        => Texts.TryGetValue(key, out var text) ? text : throw new KeyNotFoundException($"No email text '{key}' for language '{HtmlLanguage}'.");
}
