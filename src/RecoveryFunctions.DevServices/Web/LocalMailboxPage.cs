using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using RecoveryFunctions.DevServices.Email;

namespace RecoveryFunctions.DevServices.Web;

/// <summary>
/// Local host only: every email the system sent (the .eml files of the mailbox folder), newest first, as text
/// with its links clickable and as HTML in a sandboxed frame, so a person can follow an email to the site.
/// </summary>
public static partial class LocalMailboxPage
{
    public const string Path = "/boite-mail/";

    /// <summary>The email's own HTML may style itself inline; it runs no script and may only be framed by the mailbox.</summary>
    private const string MessagePolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'self'; form-action 'none'; frame-ancestors 'self'";

    private const string PagePolicy = "default-src 'none'; style-src 'self'; img-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static void MapLocalMailbox(this IEndpointRouteBuilder endpoints, string mailboxDirectory)
    {
        var mailbox = new LocalMailbox(mailboxDirectory);
        endpoints.MapGet(Path, (HttpContext context) =>
        {
            context.Response.Headers.ContentSecurityPolicy = PagePolicy;
            return Results.Content(Render(mailbox.ListMessages().Reverse().ToList()), "text/html; charset=utf-8");
        });
        endpoints.MapGet(Path + "messages/{name}", (string name, HttpContext context) =>
        {
            var message = mailbox.ListMessages().FirstOrDefault(m => System.IO.Path.GetFileNameWithoutExtension(m.FilePath) == name);
            if (message?.HtmlBody is not { } html)
            {
                return Results.NotFound();
            }

            context.Response.Headers.ContentSecurityPolicy = MessagePolicy;
            context.Response.Headers.XFrameOptions = "SAMEORIGIN";
            // Links leave the frame for the whole tab, as a mail client opens them outside the message.
            return Results.Content(html.Replace("<head>", "<head><base target=\"_top\">", StringComparison.OrdinalIgnoreCase), "text/html; charset=utf-8");
        });
    }

    private static string Render(IReadOnlyList<LocalMailMessage> messages)
    {
        var page = new StringBuilder();
        page.Append("<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>Boîte de réception locale</title><link rel=\"stylesheet\" href=\"/css/site.css\"><link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\"></head><body>")
            .Append("<header class=\"site-header\"><p class=\"site-name\">Boîte de réception locale (développement)</p></header>")
            .Append("<main id=\"contenu\" class=\"mailbox\"><h1>Courriels envoyés</h1>")
            .Append(CultureInfo.InvariantCulture, $"<p>{messages.Count} courriel(s), du plus récent au plus ancien. <a href=\"{Path}\">Actualiser</a> · <a href=\"/\">Aller au site</a></p>");
        foreach (var message in messages)
        {
            var name = System.IO.Path.GetFileNameWithoutExtension(message.FilePath);
            page.Append("<article class=\"mail\">")
                .Append(CultureInfo.InvariantCulture, $"<h2>{Encode(message.Subject)}</h2><dl class=\"summary\">")
                .Append(CultureInfo.InvariantCulture, $"<dt>À</dt><dd>{Encode(message.To)}</dd><dt>De</dt><dd>{Encode(message.From)}</dd>")
                .Append(CultureInfo.InvariantCulture, $"<dt>Date</dt><dd>{Encode(message.Date?.ToString("u", CultureInfo.InvariantCulture) ?? "")}</dd></dl>");
            var links = Links().Matches(message.TextBody ?? "").Select(m => m.Value).Distinct().ToList();
            if (links.Count > 0)
            {
                page.Append("<h3>Liens</h3><ul class=\"links\">");
                foreach (var link in links)
                {
                    page.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{Encode(link)}\">{Encode(link)}</a></li>");
                }

                page.Append("</ul>");
            }

            page.Append(CultureInfo.InvariantCulture, $"<h3>Texte</h3><pre class=\"mail-text\">{Encode(message.TextBody ?? "")}</pre>");
            if (message.HtmlBody is not null)
            {
                page.Append("<h3>HTML</h3>")
                    .Append(CultureInfo.InvariantCulture, $"<iframe class=\"mail-html\" title=\"Version HTML : {Encode(message.Subject)}\" src=\"{Path}messages/{Encode(name)}\" ")
                    .Append("sandbox=\"allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation\"></iframe>");
            }

            page.Append("</article>");
        }

        return page.Append("</main></body></html>").ToString();
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex Links();
}
