namespace RecoveryFunctions.DevServices.Email;

/// <summary>One .eml file of the local mailbox, parsed. Address headers are decoded (display names included).</summary>
public sealed record LocalMailMessage(
    string FilePath,
    string? OperationId,
    string From,
    string To,
    string Subject,
    DateTimeOffset? Date,
    string? TextBody,
    string? HtmlBody)
{
    public string? Cc { get; init; }

    public string? Bcc { get; init; }

    public string? ReplyTo { get; init; }

    /// <summary>The bare addresses of <see cref="To"/>, which the mailbox matches recipients against.</summary>
    public IReadOnlyList<string> ToAddresses { get; init; } = [];

    /// <summary>Every header as written (names case-insensitive, values decoded).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<LocalMailAttachment> Attachments { get; init; } = [];
}

/// <summary>An attachment of a local mailbox message; <see cref="ContentId"/> is set for an inline one.</summary>
public sealed record LocalMailAttachment(string Name, string ContentType, byte[] Content)
{
    public string? ContentId { get; init; }
}
