namespace RecoveryFunctions.Infrastructure.Email;

/// <summary>The "content" object of a send request.</summary>
public sealed record AcsEmailContent(string Subject, string? PlainText, string? Html);
