using MimeKit;

namespace RecoveryFunctions.DevServices.Email;

/// <summary>
/// Formats an accepted message as RFC 5322 / MIME with MimeKit, keeping every field it was sent: display names, Cc, Bcc
/// (a local mailbox shows it; a real delivery would not), Reply-To, custom headers, regular attachments and inline ones
/// (<c>contentId</c>, in a multipart/related beside the HTML). MimeKit folds headers within 78 columns (RFC 5322's hard
/// limit is 998), encodes names and subject as RFC 2047 words and file names as RFC 2231 parameters, and picks
/// quoted-printable or base64 so the file stays 7-bit.
/// </summary>
public static class EmlMessageWriter
{
    /// <summary>A local annotation: the flag has no header of its own in a real delivery.</summary>
    public const string TrackingDisabledHeader = "X-Local-Acs-User-Engagement-Tracking-Disabled";

    private static readonly FormatOptions Format = CreateFormat();

    public static void Write(LocalAcsEmailMessage message, string operationId, DateTimeOffset date, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ToMime(message, operationId, date).WriteTo(Format, destination);
    }

    public static MimeMessage ToMime(LocalAcsEmailMessage message, string operationId, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(message);
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(null, message.Sender));
        Add(mime.To, message.To);
        Add(mime.Cc, message.Cc);
        Add(mime.Bcc, message.Bcc);
        Add(mime.ReplyTo, message.ReplyTo);
        mime.Subject = message.Subject;
        mime.Date = date.ToUniversalTime();
        mime.MessageId = operationId + "@local-acs.invalid";
        mime.Headers.Add("X-Operation-Id", operationId);
        if (message.UserEngagementTrackingDisabled is { } disabled)
        {
            mime.Headers.Add(TrackingDisabledHeader, disabled ? "true" : "false");
        }

        foreach (var (name, value) in message.Headers)
        {
            mime.Headers.Add(name, value);
        }

        var body = new BodyBuilder { TextBody = message.PlainText, HtmlBody = message.Html };
        foreach (var attachment in message.Attachments)
        {
            // Inline parts belong to the HTML (multipart/related); without HTML there is nothing to relate them to,
            // so they stay plain attachments that keep their Content-Id.
            var inline = attachment.ContentId is not null && message.Html is not null;
            var collection = inline ? body.LinkedResources : body.Attachments;
            var part = collection.Add(attachment.Name, attachment.Content, ContentType.Parse(attachment.ContentType));
            part.ContentId = attachment.ContentId;
        }

        mime.Body = body.ToMessageBody();
        mime.Prepare(EncodingConstraint.SevenBit, Format.MaxLineLength);
        return mime;
    }

    private static void Add(InternetAddressList list, IReadOnlyList<LocalAcsAddress> addresses)
    {
        foreach (var address in addresses)
        {
            list.Add(new MailboxAddress(address.DisplayName, address.Address));
        }
    }

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        format.ParameterEncodingMethod = ParameterEncodingMethod.Rfc2231;
        return format;
    }
}
