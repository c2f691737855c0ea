using System.Collections.Concurrent;
using MimeKit;

namespace RecoveryFunctions.DevServices.Email;

/// <summary>
/// Reads the .eml files the local ACS endpoint writes (oldest first: file names start with a UTC timestamp), with
/// MimeKit: folded and encoded headers, RFC 2231 parameters, any nesting of multiparts and transfer encodings.
/// </summary>
public sealed class LocalMailbox(string directory, TimeProvider? timeProvider = null)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private readonly TimeProvider _timeProvider = timeProvider ?? TimeProvider.System;

    /// <summary>
    /// Each file parsed once. The endpoint writes a message whole under a temporary name and then renames it, and no name
    /// comes back (a timestamp and an operation id), so a path's message never changes. Parsing every file on every poll
    /// made waiting for the n-th message cost n parses: a test of 200 journeys spent minutes of CPU in MimeKit.
    /// </summary>
    private readonly ConcurrentDictionary<string, LocalMailMessage> _parsed = new(StringComparer.Ordinal);

    public string Directory { get; } = directory;

    public IReadOnlyList<LocalMailMessage> ListMessages()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        var paths = System.IO.Directory.EnumerateFiles(Directory, "*.eml").Order(StringComparer.Ordinal).ToList();
        if (_parsed.Count > paths.Count)
        {
            // Files were deleted (a mailbox emptied by hand): forget them.
            foreach (var gone in _parsed.Keys.Except(paths, StringComparer.Ordinal).ToList())
            {
                _parsed.TryRemove(gone, out _);
            }
        }

        return [.. paths.Select(path => _parsed.GetOrAdd(path, Read))];
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

    /// <summary>Parses one .eml file. Address headers come back decoded, "Name &lt;address&gt;" joined by ", ".</summary>
    public static LocalMailMessage Read(string path)
    {
        var mime = MimeMessage.Load(path);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in mime.Headers)
        {
            // Header.Value is unfolded and decoded; a repeated header keeps its last value.
            headers[header.Field] = header.Value;
        }

        return new LocalMailMessage(
            path,
            headers.GetValueOrDefault("X-Operation-Id"),
            Addresses(mime.From) ?? "",
            Addresses(mime.To) ?? "",
            mime.Subject ?? "",
            headers.ContainsKey("Date") ? mime.Date : null,
            mime.TextBody,
            mime.HtmlBody)
        {
            Cc = Addresses(mime.Cc),
            Bcc = Addresses(mime.Bcc),
            ReplyTo = Addresses(mime.ReplyTo),
            ToAddresses = mime.To.Mailboxes.Select(Idna).ToList(),
            Headers = headers,
            Attachments = [.. mime.BodyParts.OfType<MimePart>().Where(p => p.FileName is not null).Select(Attachment)],
        };
    }

    /// <summary>
    /// "Name &lt;address&gt;" (the name decoded and unquoted, as a person reads it) or the bare address, joined by ", ".
    /// The address is written as the file holds it: an internationalised domain in its IDNA form ("xn--…").
    /// </summary>
    private static string? Addresses(InternetAddressList list) =>
        list.Count == 0 ? null : string.Join(", ", list.Mailboxes.Select(m => string.IsNullOrEmpty(m.Name) ? Idna(m) : $"{m.Name} <{Idna(m)}>"));

    private static string Idna(MailboxAddress mailbox) => mailbox.GetAddress(idnEncode: true);

    /// <summary>A part with a file name: a regular attachment, or an inline one (Content-Id) the HTML refers to.</summary>
    private static LocalMailAttachment Attachment(MimePart part)
    {
        using var content = new MemoryStream();
        part.Content?.DecodeTo(content);

        // The media type with the parameters the sender gave; "name" is MimeKit's copy of the file name.
        var type = part.ContentType.MimeType + string.Concat(part.ContentType.Parameters
            .Where(p => !p.Name.Equals("name", StringComparison.OrdinalIgnoreCase))
            .Select(p => $"; {p.Name}={p.Value}"));
        return new LocalMailAttachment(part.FileName ?? "", type, content.ToArray()) { ContentId = part.ContentId };
    }

    /// <summary>
    /// Compares IDNA-encoded forms: the file holds "xn--…" domains (7-bit headers), MimeKit reads them back in Unicode,
    /// and a caller may name the domain either way.
    /// </summary>
    private static bool IsTo(LocalMailMessage message, string address)
    {
        var wanted = IdnEncoded(address.Trim());
        return message.ToAddresses.Any(a => IdnEncoded(a).Equals(wanted, StringComparison.OrdinalIgnoreCase));
    }

    private static string IdnEncoded(string address) =>
        MailboxAddress.TryParse(address, out var mailbox) ? Idna(mailbox) : address;
}
