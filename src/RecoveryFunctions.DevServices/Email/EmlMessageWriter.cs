using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RecoveryFunctions.DevServices.Email;

/// <summary>
/// Formats an accepted message as RFC 5322 / MIME, keeping every field it was sent: display names, Cc, Bcc (a local
/// mailbox shows it; a real delivery would not), Reply-To, custom headers, and attachments (multipart/mixed around the
/// multipart/alternative text and HTML). UTF-8, base64 parts, encoded-word names and subject.
/// </summary>
public static class EmlMessageWriter
{
    private const string Crlf = "\r\n";

    public static string Write(LocalAcsEmailMessage message, string operationId, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(message);
        var eml = new StringBuilder(4096);
        eml.Append("From: ").Append(message.Sender).Append(Crlf);
        AppendAddresses(eml, "To", message.To);
        AppendAddresses(eml, "Cc", message.Cc);
        AppendAddresses(eml, "Bcc", message.Bcc);
        AppendAddresses(eml, "Reply-To", message.ReplyTo);
        eml.Append("Subject: ").Append(EncodeWords(message.Subject)).Append(Crlf)
            .Append("Date: ").Append(date.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture)).Append(Crlf)
            .Append("Message-ID: <").Append(operationId).Append("@local-acs.invalid>").Append(Crlf)
            .Append("X-Operation-Id: ").Append(operationId).Append(Crlf);
        foreach (var (name, value) in message.Headers)
        {
            eml.Append(name).Append(": ").Append(value.Any(c => c > '\u007e') ? EncodeWords(value) : value).Append(Crlf);
        }

        eml.Append("MIME-Version: 1.0").Append(Crlf);
        var alternative = Boundary();
        if (message.Attachments.Count == 0)
        {
            AppendAlternative(eml, alternative, message);
        }
        else
        {
            var mixed = Boundary();
            eml.Append("Content-Type: multipart/mixed; boundary=\"").Append(mixed).Append('"').Append(Crlf).Append(Crlf)
                .Append("--").Append(mixed).Append(Crlf);
            AppendAlternative(eml, alternative, message);
            foreach (var attachment in message.Attachments)
            {
                eml.Append("--").Append(mixed).Append(Crlf)
                    .Append("Content-Type: ").Append(attachment.ContentType).Append(Crlf)
                    .Append("Content-Disposition: attachment; filename=\"").Append(attachment.Name).Append('"').Append(Crlf);
                AppendBase64(eml, attachment.Content);
            }

            eml.Append("--").Append(mixed).Append("--").Append(Crlf);
        }

        return eml.ToString();
    }

    /// <summary>RFC 2047 B encoding, in words short enough for 76-column lines, never splitting a character.</summary>
    public static string EncodeWords(string text)
    {
        const int maxBytesPerWord = 45;
        var words = new List<string>();
        var chunk = new List<byte>(maxBytesPerWord);
        Span<byte> buffer = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            var length = rune.EncodeToUtf8(buffer);
            if (chunk.Count + length > maxBytesPerWord)
            {
                words.Add(Word(chunk));
                chunk.Clear();
            }

            chunk.AddRange(buffer[..length]);
        }

        if (chunk.Count > 0 || words.Count == 0)
        {
            words.Add(Word(chunk));
        }

        return string.Join(Crlf + " ", words);

        static string Word(List<byte> bytes) => "=?UTF-8?B?" + Convert.ToBase64String([.. bytes]) + "?=";
    }

    private static string Boundary() => "=_local-acs_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));

    private static void AppendAddresses(StringBuilder eml, string header, IReadOnlyList<LocalAcsAddress> addresses)
    {
        if (addresses.Count == 0)
        {
            return;
        }

        eml.Append(header).Append(": ")
            .Append(string.Join(", ", addresses.Select(a => string.IsNullOrEmpty(a.DisplayName) ? a.Address : $"{EncodeWords(a.DisplayName)} <{a.Address}>")))
            .Append(Crlf);
    }

    private static void AppendAlternative(StringBuilder eml, string boundary, LocalAcsEmailMessage message)
    {
        eml.Append("Content-Type: multipart/alternative; boundary=\"").Append(boundary).Append('"').Append(Crlf).Append(Crlf);

        // Plain text first: in multipart/alternative the last part is the preferred one.
        AppendText(eml, boundary, "text/plain", message.PlainText);
        AppendText(eml, boundary, "text/html", message.Html);
        eml.Append("--").Append(boundary).Append("--").Append(Crlf);
    }

    private static void AppendText(StringBuilder eml, string boundary, string mediaType, string? content)
    {
        if (content is null)
        {
            return;
        }

        eml.Append("--").Append(boundary).Append(Crlf)
            .Append("Content-Type: ").Append(mediaType).Append("; charset=utf-8").Append(Crlf);
        AppendBase64(eml, Encoding.UTF8.GetBytes(content));
    }

    private static void AppendBase64(StringBuilder eml, byte[] content)
    {
        eml.Append("Content-Transfer-Encoding: base64").Append(Crlf).Append(Crlf);
        var base64 = Convert.ToBase64String(content);
        for (var i = 0; i < base64.Length; i += 76)
        {
            eml.Append(base64, i, Math.Min(76, base64.Length - i)).Append(Crlf);
        }
    }
}
