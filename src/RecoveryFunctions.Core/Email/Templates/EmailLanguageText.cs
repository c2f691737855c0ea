namespace RecoveryFunctions.Core.Email.Templates;

/// <summary>The words every email of one language shares (greeting, footer, labels).</summary>
public sealed record EmailLanguageText(
    string HtmlLanguage,
    string DefaultServiceName,
    string Greeting,
    string LabelSeparator,
    string NotProvided,
    string NotYouLinkLabel,
    string LinkFallbackHint,
    IReadOnlyList<string> Footer);
