namespace RecoveryFunctions.LocalHost.Email;

/// <summary>Settings of the local Azure Communication Services Email endpoint.</summary>
public sealed class LocalAcsEmailOptions
{
    public const string SectionName = "LocalAcsEmail";

    /// <summary>The access key (base64) requests must be signed with; the client's <c>acs-access-key</c> secret must match.</summary>
    public string AccessKey { get; set; } = "";

    /// <summary>Where accepted messages are written as .eml files (e.g. <c>.local/mailbox</c>).</summary>
    public string MailboxDirectory { get; set; } = "";

    /// <summary>How far x-ms-date may be from the local clock, as the service allows.</summary>
    public TimeSpan AllowedClockSkew { get; set; } = TimeSpan.FromMinutes(15);
}
