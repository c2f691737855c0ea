namespace RecoveryFunctions.Core.Email.Templates;

/// <summary>One block of a template: static text (may hold <c>{Key}</c> placeholders) and, for some kinds, the key of the value it shows.</summary>
public sealed record EmailBlock(EmailBlockKind Kind, string Text, string? ValueKey = null)
{
    public static EmailBlock Paragraph(string text) => new(EmailBlockKind.Paragraph, text);

    public static EmailBlock Button(string label, string urlKey) => new(EmailBlockKind.Button, label, urlKey);

    public static EmailBlock Code(string label, string codeKey) => new(EmailBlockKind.Code, label, codeKey);

    public static EmailBlock Detail(string label, string valueKey) => new(EmailBlockKind.Detail, label, valueKey);

    public static EmailBlock NotYou(string text) => new(EmailBlockKind.NotYou, text, EmailValueKeys.AssistanceUrl);
}
