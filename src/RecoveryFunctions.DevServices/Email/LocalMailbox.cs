using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RecoveryFunctions.DevServices.Email;

/// <summary>
/// Reads the .eml files the local ACS endpoint writes (oldest first: file names start with a UTC timestamp).
/// Understands the MIME this project writes: headers with RFC 2047 encoded words, multipart/alternative, base64 or
/// quoted-printable parts.
/// </summary>
public sealed partial class LocalMailbox(string directory, TimeProvider? timeProvider = null)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private readonly TimeProvider _timeProvider = timeProvider ?? TimeProvider.System;

    public string Directory { get; } = directory;

    public IReadOnlyList<LocalMailMessage> ListMessages()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        return System.IO.Directory.EnumerateFiles(Directory, "*.eml")
            .Order(StringComparer.Ordinal)
            .Select(Read)
            .ToList();
    }

    /// <summary>Messages sent to <paramref name="address"/> (case-insensitive), oldest first.</summary>
    public IReadOnlyList<LocalMailMessage> ListMessagesTo(string address) =>
        ListMessages().Where(m => IsTo(m, address)).ToList();

    /// <summary>Waits for a message to <paramref name="address"/> that matches, and returns the newest such message.</summary>
    /// <exception cref="TimeoutException">No matching message arrived in time.</exception>
    public async Task<LocalMailMessage> WaitForMessageAsync(
        string address,
        TimeSpan timeout,
        Func<LocalMailMessage, bool>? match = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        var started = _timeProvider.GetTimestamp();
        while (true)
        {
            var found = ListMessages().LastOrDefault(m => IsTo(m, address) && (match is null || match(m)));
            if (found is not null)
            {
                return found;
            }

            if (_timeProvider.GetElapsedTime(started) >= timeout)
            {
                throw new TimeoutException($"No email to {address} arrived in {Directory} within {timeout}.");
            }

            await Task.Delay(PollInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Parses one .eml file (nested multiparts: mixed around alternative, attachments).</summary>
    public static LocalMailMessage Read(string path)
    {
        var raw = File.ReadAllText(path, Encoding.UTF8).Replace("\r\n", "\n", StringComparison.Ordinal);
        var (headers, body) = SplitHeaders(raw);
        var parts = new MimeParts();
        Collect(headers, body, parts);

        DateTimeOffset? date = DateTimeOffset.TryParse(headers.GetValueOrDefault("date"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : null;
        string? Header(string name) => headers.TryGetValue(name, out var value) ? DecodeWords(value) : null;
        return new LocalMailMessage(
            path,
            headers.GetValueOrDefault("x-operation-id"),
            Header("from") ?? "",
            Header("to") ?? "",
            Header("subject") ?? "",
            date,
            parts.Text,
            parts.Html)
        {
            Cc = Header("cc"),
            Bcc = Header("bcc"),
            ReplyTo = Header("reply-to"),
            Headers = headers.ToDictionary(h => h.Key, h => DecodeWords(h.Value), StringComparer.OrdinalIgnoreCase),
            Attachments = parts.Attachments,
        };
    }

    /// <summary>Decodes RFC 2047 encoded words (B and Q); whitespace between two adjacent words is dropped.</summary>
    public static string DecodeWords(string value)
    {
        var joined = AdjacentWords().Replace(value, "?==?");
        return EncodedWord().Replace(joined, match =>
        {
            var encoding = Encoding.GetEncoding(match.Groups[1].Value);
            var payload = match.Groups[3].Value;
            var bytes = match.Groups[2].Value is "B" or "b"
                ? Convert.FromBase64String(payload)
                : DecodeQuotedPrintable(payload.Replace('_', ' '));
            return encoding.GetString(bytes);
        });
    }

    private static bool IsTo(LocalMailMessage message, string address) =>
        message.To.Split(',').Any(a => AddressOf(a).Equals(address.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The address of "Name &lt;address&gt;" or of a bare address.</summary>
    private static string AddressOf(string mailbox)
    {
        var open = mailbox.LastIndexOf('<');
        return (open >= 0 ? mailbox[(open + 1)..] : mailbox).Trim().Trim('<', '>').Trim();
    }

    private static void Collect(Dictionary<string, string> headers, string body, MimeParts parts)
    {
        var type = headers.GetValueOrDefault("content-type") ?? "text/plain";
        var boundary = Boundary().Match(type);
        if (type.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) && boundary.Success)
        {
            var delimiter = "--" + boundary.Groups[1].Value;
            foreach (var section in body.Split(delimiter))
            {
                if (section.StartsWith("--", StringComparison.Ordinal) || string.IsNullOrWhiteSpace(section))
                {
                    continue;
                }

                var (partHeaders, partBody) = SplitHeaders(section.TrimStart('\n'));
                Collect(partHeaders, partBody, parts);
            }

            return;
        }

        var transfer = headers.GetValueOrDefault("content-transfer-encoding")?.Trim().ToLowerInvariant();
        var bytes = transfer switch
        {
            "base64" => Convert.FromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c)))),
            "quoted-printable" => DecodeQuotedPrintable(body.Replace("=\n", "", StringComparison.Ordinal)),
            _ => Encoding.UTF8.GetBytes(body),
        };

        var disposition = headers.GetValueOrDefault("content-disposition") ?? "";
        if (disposition.StartsWith("attachment", StringComparison.OrdinalIgnoreCase))
        {
            var name = FileName().Match(disposition);
            parts.Attachments.Add(new LocalMailAttachment(name.Success ? name.Groups[1].Value : "", type, bytes));
        }
        else if (type.StartsWith("text/html", StringComparison.OrdinalIgnoreCase))
        {
            parts.Html ??= Encoding.UTF8.GetString(bytes);
        }
        else if (type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            parts.Text ??= Encoding.UTF8.GetString(bytes);
        }
    }

    private static (Dictionary<string, string> Headers, string Body) SplitHeaders(string raw)
    {
        var end = raw.IndexOf("\n\n", StringComparison.Ordinal);
        var head = end < 0 ? raw : raw[..end];
        var body = end < 0 ? "" : raw[(end + 2)..];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? current = null;
        foreach (var line in head.Split('\n'))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && current is not null)
            {
                // Folded continuation (RFC 5322 §2.2.3).
                headers[current] += line;
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                current = line[..colon].Trim();
                headers[current] = line[(colon + 1)..].Trim();
            }
        }

        return (headers, body);
    }

    private static byte[] DecodeQuotedPrintable(string value)
    {
        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '=' && i + 2 < value.Length
                && byte.TryParse(value.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(value[i].ToString()));
            }
        }

        return [.. bytes];
    }

    [GeneratedRegex("boundary=\"?([^\";]+)\"?", RegexOptions.IgnoreCase)]
    private static partial Regex Boundary();

    [GeneratedRegex("filename=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex FileName();

    [GeneratedRegex(@"=\?([^?]+)\?([BbQq])\?([^?]*)\?=")]
    private static partial Regex EncodedWord();

    [GeneratedRegex(@"\?=\s+=\?")]
    private static partial Regex AdjacentWords();

    private sealed class MimeParts
    {
        public string? Text { get; set; }

        public string? Html { get; set; }

        public List<LocalMailAttachment> Attachments { get; } = [];
    }
}
