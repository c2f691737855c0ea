namespace RecoveryFunctions.LocalHost.Email;

/// <summary>One .eml file of the local mailbox, parsed.</summary>
public sealed record LocalMailMessage(
    string FilePath,
    string? OperationId,
    string From,
    string To,
    string Subject,
    DateTimeOffset? Date,
    string? TextBody,
    string? HtmlBody);
