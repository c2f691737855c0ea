namespace RecoveryFunctions.Core.Email;

/// <summary>Turns a template and its values into subject, HTML and text in French or English.</summary>
public interface IEmailRenderer
{
    RenderedEmail Render(EmailTemplate template, string language, IReadOnlyDictionary<string, string> values);
}
