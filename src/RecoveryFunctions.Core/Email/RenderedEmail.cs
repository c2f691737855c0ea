namespace RecoveryFunctions.Core.Email;

/// <summary>An email ready to send: subject (single line), HTML body, plain-text body, and files made at send time.</summary>
public sealed record RenderedEmail(string Subject, string Html, string PlainText, IReadOnlyList<EmailAttachment>? Attachments = null);

/// <summary>A file sent with an email (ACS <c>attachments[]</c>: name, content type, base64 content).</summary>
public sealed record EmailAttachment(string Name, string ContentType, byte[] Content);
