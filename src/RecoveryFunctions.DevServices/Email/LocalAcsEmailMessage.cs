namespace RecoveryFunctions.DevServices.Email;

/// <summary>A send request the local endpoint accepted, after validation: every field of the 2025-09-01 EmailMessage.</summary>
public sealed record LocalAcsEmailMessage(
    string Sender,
    IReadOnlyList<LocalAcsAddress> To,
    IReadOnlyList<LocalAcsAddress> Cc,
    IReadOnlyList<LocalAcsAddress> Bcc,
    IReadOnlyList<LocalAcsAddress> ReplyTo,
    string Subject,
    string? PlainText,
    string? Html,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyList<LocalAcsAttachment> Attachments,
    bool? UserEngagementTrackingDisabled);

/// <summary>An EmailAddress: address and optional display name.</summary>
public sealed record LocalAcsAddress(string Address, string? DisplayName);

/// <summary>An EmailAttachment, decoded; <paramref name="ContentId"/> (2025-09-01) makes it inline, for the HTML's <c>cid:</c> links.</summary>
public sealed record LocalAcsAttachment(string Name, string ContentType, byte[] Content, string? ContentId = null);
