using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RecoveryFunctions.LocalHost.Email;

/// <summary>Formats an accepted message as RFC 5322 / MIME: multipart/alternative, UTF-8, base64 parts, encoded-word subject.</summary>
public static class EmlMessageWriter
{
    private const string Crlf = "\r\n";

    public static string Write(LocalAcsEmailMessage message, string operationId, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(message);
        var boundary = "=_local-acs_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        var eml = new StringBuilder(4096);
        eml.Append("From: ").Append(message.Sender).Append(Crlf)
            .Append("To: ").Append(string.Join(", ", message.To)).Append(Crlf)
            .Append("Subject: ").Append(EncodeWords(message.Subject)).Append(Crlf)
            .Append("Date: ").Append(date.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture)).Append(Crlf)
            .Append("Message-ID: <").Append(operationId).Append("@local-acs.invalid>").Append(Crlf)
            .Append("X-Operation-Id: ").Append(operationId).Append(Crlf)
            .Append("MIME-Version: 1.0").Append(Crlf)
            .Append("Content-Type: multipart/alternative; boundary=\"").Append(boundary).Append('"').Append(Crlf)
            .Append(Crlf);

        // Plain text first: in multipart/alternative the last part is the preferred one.
        AppendPart(eml, boundary, "text/plain", message.PlainText);
        AppendPart(eml, boundary, "text/html", message.Html);
        eml.Append("--").Append(boundary).Append("--").Append(Crlf);
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

    private static void AppendPart(StringBuilder eml, string boundary, string mediaType, string? content)
    {
        if (content is null)
        {
            return;
        }

        eml.Append("--").Append(boundary).Append(Crlf)
            .Append("Content-Type: ").Append(mediaType).Append("; charset=utf-8").Append(Crlf)
            .Append("Content-Transfer-Encoding: base64").Append(Crlf)
            .Append(Crlf);
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(content));
        for (var i = 0; i < base64.Length; i += 76)
        {
            eml.Append(base64, i, Math.Min(76, base64.Length - i)).Append(Crlf);
        }
    }
}
