namespace RecoveryFunctions.Infrastructure.Email;

/// <summary>Body of POST /emails:send. Engagement tracking stays off: it would rewrite the security links we send.</summary>
public sealed record AcsSendEmailRequest(
    string SenderAddress,
    AcsEmailContent Content,
    AcsEmailRecipients Recipients,
    bool UserEngagementTrackingDisabled = true,
    IReadOnlyList<AcsEmailAttachment>? Attachments = null);

/// <summary>One entry of <c>attachments</c>: file name, MIME type and the content in base64.</summary>
public sealed record AcsEmailAttachment(string Name, string ContentType, string ContentInBase64);
