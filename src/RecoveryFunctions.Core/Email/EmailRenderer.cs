using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using RecoveryFunctions.Core.Dates;
using RecoveryFunctions.Core.Email.Templates;
using RecoveryFunctions.Core.Registration;

namespace RecoveryFunctions.Core.Email;

/// <summary>
/// Renders every <see cref="EmailTemplate"/> in French (default) or English. Values are untrusted: each one is
/// HTML-encoded in the HTML body, flattened to one line everywhere, and the subject can never carry a line break.
/// Instants (<see cref="EmailValueKeys.IsInstant"/>) travel in the queue as ISO 8601 and are written here for people,
/// in the service's time zone and the email's language (<see cref="ReadableDates"/>).
/// </summary>
public sealed partial class EmailRenderer(ReadableDates dates) : IEmailRenderer
{
    private const string Accent = "#000091";

    public RenderedEmail Render(EmailTemplate template, string language, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var english = Languages.IsEnglish(language);
        var common = english ? EnglishEmailText.Table : FrenchEmailText.Table;
        if (values.GetValueOrDefault(EmailValueKeys.Profile) == nameof(Options.StandardsProfile.Asvs))
        {
            common = common.QuestionFree();
        }

        var definition = EmailTemplates.Get(template, common);
        var context = new RenderContext(template, values, common, instant => dates.Format(instant, language));

        var subjectText = Fill(definition.Subject, context, static s => s, static v => v);
        var subject = SingleLine(context.ServiceName is { } name ? $"{name} – {subjectText}" : subjectText);
        return new RenderedEmail(subject, RenderHtml(definition, context, subject), RenderText(definition, context));
    }

    /// <summary>Flattens a value to one line: control characters (CR, LF, TAB, NEL...) and Unicode line separators become spaces.</summary>
    internal static string SingleLine(string value)
    {
        var builder = new StringBuilder(value.Length);
        var previousWasSpace = false;
        foreach (var c in value)
        {
            var category = char.GetUnicodeCategory(c);
            var isSpace = char.IsWhiteSpace(c) || char.IsControl(c)
                || category is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Format;
            if (isSpace)
            {
                // Non-breaking spaces are kept: French typography needs them (U+00A0 before ':', the narrow U+202F before
                // ';', '?', '!' and inside « ») and they cannot break a header.
                if (c is '\u00A0' or '\u202F')
                {
                    builder.Append(c);
                    previousWasSpace = false;
                }
                else if (!previousWasSpace)
                {
                    builder.Append(' ');
                    previousWasSpace = true;
                }

                continue;
            }

            builder.Append(c);
            previousWasSpace = false;
        }

        return builder.ToString().Trim();
    }

    private static string RenderHtml(EmailTemplateDefinition definition, RenderContext context, string subject)
    {
        var common = context.Common;
        var html = new StringBuilder(4096);
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(common.HtmlLanguage).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>").Append(Encode(subject)).Append("</title>\n</head>\n")
            .Append("<body style=\"margin:0;padding:0;background:#f6f6f6;font-family:Marianne,Arial,Helvetica,sans-serif;color:#161616;\">\n")
            .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"background:#f6f6f6;\"><tr><td align=\"center\" style=\"padding:24px 12px;\">\n")
            .Append("<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" style=\"max-width:600px;width:100%;background:#ffffff;border-top:4px solid ").Append(Accent).Append(";\">\n")
            .Append("<tr><td style=\"padding:20px 32px 0 32px;font-size:14px;font-weight:bold;color:").Append(Accent).Append(";\">").Append(Encode(context.Masthead)).Append("</td></tr>\n")
            .Append("<tr><td style=\"padding:8px 32px 24px 32px;font-size:16px;line-height:24px;\">\n")
            .Append("<h1 style=\"font-size:22px;line-height:28px;margin:16px 0;\">").Append(Encode(definition.Heading)).Append("</h1>\n")
            .Append("<p style=\"margin:0 0 16px 0;\">").Append(Encode(common.Greeting)).Append("</p>\n");

        foreach (var block in definition.Blocks)
        {
            switch (block.Kind)
            {
                case EmailBlockKind.Paragraph:
                    html.Append("<p style=\"margin:0 0 16px 0;\">").Append(Fill(block.Text, context, Encode, static v => $"<strong>{Encode(v)}</strong>")).Append("</p>\n");
                    break;
                case EmailBlockKind.Button:
                    var url = Encode(context.Url(block.ValueKey!));
                    html.Append("<p style=\"margin:24px 0;\"><a href=\"").Append(url)
                        .Append("\" style=\"display:inline-block;background:").Append(Accent)
                        .Append(";color:#ffffff;padding:12px 24px;text-decoration:none;font-weight:bold;\">").Append(Encode(block.Text)).Append("</a></p>\n")
                        .Append("<p style=\"margin:0 0 16px 0;font-size:13px;line-height:18px;color:#666666;\">").Append(Encode(common.LinkFallbackHint))
                        .Append("<br><span style=\"word-break:break-all;\">").Append(url).Append("</span></p>\n");
                    break;
                case EmailBlockKind.Code:
                    html.Append("<p style=\"margin:0 0 4px 0;\">").Append(Encode(block.Text + common.LabelSeparator.TrimEnd())).Append("</p>\n")
                        .Append("<p style=\"margin:0 0 16px 0;font-family:Consolas,'Courier New',monospace;font-size:26px;line-height:32px;letter-spacing:4px;font-weight:bold;\">")
                        .Append(Encode(context.Required(block.ValueKey!))).Append("</p>\n");
                    break;
                case EmailBlockKind.Detail:
                    html.Append("<p style=\"margin:0 0 8px 0;\">").Append(Encode(block.Text + common.LabelSeparator))
                        .Append("<strong>").Append(Encode(context.Detail(block.ValueKey!))).Append("</strong></p>\n");
                    break;
                case EmailBlockKind.OptionalDetail:
                    if (context.Has(block.ValueKey!))
                    {
                        goto case EmailBlockKind.Detail;
                    }

                    break;
                case EmailBlockKind.NotYou:
                    html.Append("<p style=\"margin:24px 0 16px 0;padding:12px 16px;border-left:4px solid #ce0500;background:#fff4f3;\">")
                        .Append(Encode(block.Text)).Append("<br><a href=\"").Append(Encode(context.Url(block.ValueKey!)))
                        .Append("\" style=\"color:").Append(Accent).Append(";font-weight:bold;\">").Append(Encode(common.NotYouLinkLabel)).Append("</a></p>\n");
                    break;
                default:
                    throw new InvalidOperationException($"Unknown email block kind {block.Kind}.");
            }
        }

        html.Append("</td></tr>\n<tr><td style=\"padding:16px 32px;background:#eeeeee;font-size:12px;line-height:18px;color:#666666;\">\n");
        foreach (var line in context.Footer)
        {
            html.Append("<p style=\"margin:0 0 8px 0;\">").Append(Encode(line)).Append("</p>\n");
        }

        html.Append("</td></tr>\n</table>\n</td></tr></table>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string RenderText(EmailTemplateDefinition definition, RenderContext context)
    {
        var common = context.Common;
        var text = new StringBuilder(1024);
        text.Append(context.Masthead).Append("\n\n").Append(definition.Heading).Append("\n\n").Append(common.Greeting).Append("\n\n");
        foreach (var block in definition.Blocks)
        {
            switch (block.Kind)
            {
                case EmailBlockKind.Paragraph:
                    text.Append(Fill(block.Text, context, static s => s, static v => v)).Append("\n\n");
                    break;
                case EmailBlockKind.Button:
                    text.Append(block.Text).Append(common.LabelSeparator.TrimEnd()).Append('\n').Append(context.Url(block.ValueKey!)).Append("\n\n");
                    break;
                case EmailBlockKind.Code:
                    text.Append(block.Text).Append(common.LabelSeparator).Append(context.Required(block.ValueKey!)).Append("\n\n");
                    break;
                case EmailBlockKind.Detail:
                    text.Append(block.Text).Append(common.LabelSeparator).Append(context.Detail(block.ValueKey!)).Append('\n');
                    break;
                case EmailBlockKind.OptionalDetail:
                    if (context.Has(block.ValueKey!))
                    {
                        goto case EmailBlockKind.Detail;
                    }

                    break;
                case EmailBlockKind.NotYou:
                    text.Append("\n").Append(block.Text).Append('\n').Append(common.NotYouLinkLabel).Append(common.LabelSeparator).Append(context.Url(block.ValueKey!)).Append("\n\n");
                    break;
                default:
                    throw new InvalidOperationException($"Unknown email block kind {block.Kind}.");
            }
        }

        text.Append("--\n");
        foreach (var line in context.Footer)
        {
            text.Append(line).Append('\n');
        }

        // Details end with a single newline; collapse any run of blank lines they leave behind.
        return BlankLines().Replace(text.ToString(), "\n\n");
    }

    /// <summary>Replaces each <c>{Key}</c> of a static text with its value; static parts and values are encoded separately.</summary>
    private static string Fill(string text, RenderContext context, Func<string, string> encodeStatic, Func<string, string> encodeValue)
    {
        var result = new StringBuilder(text.Length + 64);
        var position = 0;
        foreach (Match match in Placeholder().Matches(text))
        {
            result.Append(encodeStatic(text[position..match.Index]));
            result.Append(encodeValue(context.Required(match.Groups[1].Value)));
            position = match.Index + match.Length;
        }

        result.Append(encodeStatic(text[position..]));
        return result.ToString();
    }

    /// <summary>
    /// Escapes the five characters that matter in text and in quoted attributes. Letters stay as they are (the body
    /// is UTF-8), so the HTML stays readable and searchable, unlike entity-encoding every accented letter.
    /// </summary>
    internal static string Encode(string value)
    {
        if (value.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            _ = c switch
            {
                '&' => builder.Append("&amp;"),
                '<' => builder.Append("&lt;"),
                '>' => builder.Append("&gt;"),
                '"' => builder.Append("&quot;"),
                '\'' => builder.Append("&#39;"),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();

    /// <summary>Looks values up for one rendering, failing loudly on a missing one.</summary>
    private sealed class RenderContext(EmailTemplate template, IReadOnlyDictionary<string, string> values, EmailLanguageText common, Func<DateTimeOffset, string> readable)
    {
        public EmailLanguageText Common => common;

        /// <summary>The configured name (<see cref="Options.ServiceOptions"/>, put by the notifier); none rather than another name.</summary>
        public string? ServiceName => Optional(EmailValueKeys.ServiceName);

        /// <summary>The line above the heading: the service's name and the portal's brand, as the site's header shows them.</summary>
        public string Masthead => string.Join(" — ", new[] { ServiceName, Optional(EmailValueKeys.ServiceBrand) }.OfType<string>());

        /// <summary>The language's footer, then where the service is found (name, brand, address), when configured.</summary>
        public IEnumerable<string> Footer
        {
            get
            {
                var where = string.Join(" · ", new[] { ServiceName, Optional(EmailValueKeys.ServiceBrand), Optional(EmailValueKeys.ServiceAddress) }.OfType<string>());
                return where.Length == 0 ? common.Footer : [.. common.Footer, where];
            }
        }

        public bool Has(string key) => Optional(key) is not null;

        private string? Optional(string key)
            => values.TryGetValue(key, out var value) && SingleLine(value) is { Length: > 0 } line ? line : null;

        /// <summary>A value that must be present and not blank.</summary>
        public string Required(string key)
        {
            var line = SingleLine(Present(key));
            if (line.Length == 0)
            {
                throw new ArgumentException($"Email template {template} needs the value '{key}', which is empty.", nameof(values));
            }

            return line;
        }

        /// <summary>A value that must be present but may be empty (e.g. a removed phone number).</summary>
        public string Detail(string key)
        {
            var line = SingleLine(Present(key));
            return line.Length == 0 ? common.NotProvided : line;
        }

        /// <summary>The value as people read it: an ISO 8601 instant under an instant key becomes a date in words; anything else stays as given.</summary>
        private string Present(string key)
        {
            if (!values.TryGetValue(key, out var value) || value is null)
            {
                throw new ArgumentException($"Email template {template} needs the value '{key}', which is missing.", nameof(values));
            }

            return EmailValueKeys.IsInstant(key) && DateTimeOffset.TryParseExact(value, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
                ? readable(instant)
                : value;
        }

        /// <summary>A link target: only absolute http(s) URLs, so a value can never become a javascript: or data: link.</summary>
        public string Url(string key)
        {
            var value = Required(key);
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw new ArgumentException($"Email template {template} needs '{key}' to be an absolute http(s) URL.", nameof(values));
            }

            return value;
        }
    }
}
