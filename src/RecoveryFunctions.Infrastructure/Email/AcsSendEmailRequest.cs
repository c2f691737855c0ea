namespace RecoveryFunctions.Infrastructure.Email;

/// <summary>Body of POST /emails:send. Engagement tracking stays off: it would rewrite the security links we send.</summary>
public sealed record AcsSendEmailRequest(
    string SenderAddress,
    AcsEmailContent Content,
    AcsEmailRecipients Recipients,
    bool UserEngagementTrackingDisabled = true);
