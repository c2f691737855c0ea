using System.Net.Mail;
using System.Text.Json;
using MimeKit;

namespace RecoveryFunctions.DevServices.Email;

/// <summary>
/// Reads a send body against the EmailMessage schema of its api-version, strictly: required fields, types, no property
/// the schema does not define, recipients within the limit, nothing that could break a header. Sources:
/// azure-rest-api-specs, specification/communication/data-plane/Email/stable/{2023-03-31,2025-09-01}/CommunicationServicesEmail.json;
/// the two versions differ only by EmailAttachment.contentId (inline attachments), new in 2025-09-01.
/// </summary>
internal static class LocalAcsMessageParser
{
    private static readonly HashSet<string> MessageFields = ["headers", "senderAddress", "content", "recipients", "attachments", "replyTo", "userEngagementTrackingDisabled"];
    private static readonly HashSet<string> ContentFields = ["subject", "plainText", "html"];
    private static readonly HashSet<string> RecipientFields = ["to", "cc", "bcc"];
    private static readonly HashSet<string> AddressFields = ["address", "displayName"];
    private static readonly HashSet<string> AttachmentFields20230331 = ["name", "contentType", "contentInBase64"];
    private static readonly HashSet<string> AttachmentFields = [.. AttachmentFields20230331, "contentId"];

    /// <param name="apiVersion">A served api-version (checked before).</param>
    /// <returns>The message, or the reason it is refused (answered as 400).</returns>
    public static (LocalAcsEmailMessage? Message, string? Problem) Parse(byte[] body, int maxRecipients, string apiVersion)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var unknown = Unknown(root, MessageFields, "");
            if (unknown is not null)
            {
                return (null, unknown);
            }

            var sender = String(root, "senderAddress");
            if (!IsAddress(sender))
            {
                return (null, "senderAddress must be an email address.");
            }

            if (!root.TryGetProperty("content", out var content))
            {
                return (null, "content is required.");
            }

            if (Unknown(content, ContentFields, "content.") is { } badContent)
            {
                return (null, badContent);
            }

            var subject = String(content, "subject");
            if (string.IsNullOrWhiteSpace(subject) || subject.Any(char.IsControl))
            {
                return (null, "content.subject is required and must be a single line.");
            }

            var plainText = String(content, "plainText");
            var html = String(content, "html");
            if (string.IsNullOrEmpty(plainText) && string.IsNullOrEmpty(html))
            {
                return (null, "content.plainText or content.html is required.");
            }

            if (!root.TryGetProperty("recipients", out var recipients))
            {
                return (null, "recipients is required.");
            }

            if (Unknown(recipients, RecipientFields, "recipients.") is { } badRecipients)
            {
                return (null, badRecipients);
            }

            var to = Addresses(recipients, "to", "recipients.to", required: true);
            var cc = Addresses(recipients, "cc", "recipients.cc", required: false);
            var bcc = Addresses(recipients, "bcc", "recipients.bcc", required: false);
            var replyTo = Addresses(root, "replyTo", "replyTo", required: false);
            foreach (var list in (AddressList[])[to, cc, bcc, replyTo])
            {
                if (list.Problem is not null)
                {
                    return (null, list.Problem);
                }
            }

            var count = to.Items.Count + cc.Items.Count + bcc.Items.Count;
            if (to.Items.Count == 0 || count > maxRecipients)
            {
                return (null, $"recipients must hold 1 to {maxRecipients} addresses across to, cc and bcc (got {count}).");
            }

            var (headers, headerProblem) = Headers(root);
            if (headerProblem is not null)
            {
                return (null, headerProblem);
            }

            var (attachments, attachmentProblem) = Attachments(root, apiVersion == "2023-03-31" ? AttachmentFields20230331 : AttachmentFields);
            if (attachmentProblem is not null)
            {
                return (null, attachmentProblem);
            }

            bool? tracking = null;
            if (root.TryGetProperty("userEngagementTrackingDisabled", out var trackingElement))
            {
                if (trackingElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    return (null, "userEngagementTrackingDisabled must be a boolean.");
                }

                tracking = trackingElement.GetBoolean();
            }

            return (new LocalAcsEmailMessage(sender!, to.Items, cc.Items, bcc.Items, replyTo.Items, subject, plainText, html, headers, attachments, tracking), null);
        }
        catch (JsonException)
        {
            return (null, "The body is not valid JSON.");
        }
    }

    private static string? Unknown(JsonElement element, HashSet<string> allowed, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return $"{(path.Length == 0 ? "The body" : path.TrimEnd('.'))} must be a JSON object.";
        }

        var extra = element.EnumerateObject().FirstOrDefault(p => !allowed.Contains(p.Name));
        return extra.Value.ValueKind == JsonValueKind.Undefined ? null : $"'{path}{extra.Name}' is not a field of EmailMessage.";
    }

    private static AddressList Addresses(JsonElement parent, string name, string path, bool required)
    {
        if (!parent.TryGetProperty(name, out var list))
        {
            return new AddressList([], required ? $"{path} is required." : null);
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            return new AddressList([], $"{path} must be an array.");
        }

        var items = new List<LocalAcsAddress>();
        foreach (var entry in list.EnumerateArray())
        {
            if (Unknown(entry, AddressFields, path + "[].") is { } problem)
            {
                return new AddressList([], problem);
            }

            var address = String(entry, "address");
            var displayName = String(entry, "displayName");
            if (!IsAddress(address) || (displayName is not null && displayName.Any(char.IsControl)))
            {
                return new AddressList([], $"Every {path} entry needs a valid address (and a single-line displayName).");
            }

            items.Add(new LocalAcsAddress(address!, displayName));
        }

        return new AddressList(items, null);
    }

    private static (IReadOnlyDictionary<string, string> Headers, string? Problem) Headers(JsonElement root)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!root.TryGetProperty("headers", out var element))
        {
            return (headers, null);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return (headers, "headers must be an object of strings.");
        }

        foreach (var header in element.EnumerateObject())
        {
            var validName = header.Name.Length > 0 && header.Name.All(c => c is > ' ' and < '\u007f' and not ':');
            if (!validName || header.Value.ValueKind != JsonValueKind.String || header.Value.GetString()!.Any(char.IsControl))
            {
                return (headers, $"headers['{header.Name}'] must be a header name with a single-line string value.");
            }

            headers[header.Name] = header.Value.GetString()!;
        }

        return (headers, null);
    }

    private static (IReadOnlyList<LocalAcsAttachment> Attachments, string? Problem) Attachments(JsonElement root, HashSet<string> fields)
    {
        var attachments = new List<LocalAcsAttachment>();
        if (!root.TryGetProperty("attachments", out var element))
        {
            return (attachments, null);
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            return (attachments, "attachments must be an array.");
        }

        foreach (var entry in element.EnumerateArray())
        {
            if (Unknown(entry, fields, "attachments[].") is { } problem)
            {
                return (attachments, problem);
            }

            var name = String(entry, "name");
            var contentType = String(entry, "contentType");
            var base64 = String(entry, "contentInBase64");
            if (string.IsNullOrWhiteSpace(name) || name.Any(char.IsControl)
                || string.IsNullOrWhiteSpace(contentType) || contentType.Any(char.IsControl) || !ContentType.TryParse(contentType, out _)
                || base64 is null)
            {
                return (attachments, "Every attachment needs a name, a MIME contentType and contentInBase64.");
            }

            var contentId = String(entry, "contentId");
            if (entry.TryGetProperty("contentId", out var id) && id.ValueKind != JsonValueKind.Null && !IsContentId(contentId))
            {
                return (attachments, $"attachments '{name}': contentId must be a non-empty string without spaces or angle brackets.");
            }

            try
            {
                attachments.Add(new LocalAcsAttachment(name, contentType, Convert.FromBase64String(base64), contentId));
            }
            catch (FormatException)
            {
                return (attachments, $"attachments '{name}': contentInBase64 is not base64.");
            }
        }

        return (attachments, null);
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>
    /// An address both .NET and MimeKit read as itself, so the .eml writer never meets one it cannot write. MimeKit
    /// decodes an IDNA domain ("xn--…") to Unicode when it parses, so its IDNA-encoded form counts as the same address.
    /// </summary>
    private static bool IsAddress(string? value) =>
        !string.IsNullOrWhiteSpace(value)
        && !value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '<' or '>' or ',')
        && MailAddress.TryCreate(value, out var parsed)
        && parsed.Address == value
        && MailboxAddress.TryParse(value, out var mailbox)
        && (mailbox.Address == value || mailbox.GetAddress(idnEncode: true) == value);

    /// <summary>What the HTML's <c>cid:</c> link names: the id-left of a Content-Id, so no space, angle bracket or control.</summary>
    private static bool IsContentId(string? value) =>
        !string.IsNullOrEmpty(value) && !value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '<' or '>');

    private sealed record AddressList(IReadOnlyList<LocalAcsAddress> Items, string? Problem);
}
