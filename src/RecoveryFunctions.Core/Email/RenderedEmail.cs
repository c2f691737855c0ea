namespace RecoveryFunctions.Core.Email;

/// <summary>An email ready to send: subject (single line), HTML body and plain-text body.</summary>
public sealed record RenderedEmail(string Subject, string Html, string PlainText);
