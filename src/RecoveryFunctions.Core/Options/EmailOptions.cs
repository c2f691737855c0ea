using System.ComponentModel.DataAnnotations;
using RecoveryFunctions.Core.Email;

namespace RecoveryFunctions.Core.Options;

/// <summary>
/// The outbox's delivery policy (section <c>Email</c>): when an email is retried, yields, is dropped or parked, and how
/// many of each kind one address may receive a day. The same section's service settings (ACS endpoint, sender,
/// authentication, status-read budget) belong to the adapter (<c>AcsEmailOptions</c>); the replay timer's schedule to
/// the function app (<c>PoisonReplayScheduleOptions</c>).
/// </summary>
public sealed class EmailOptions
{
    public const string SectionName = "Email";

    /// <summary>
    /// Delay before a re-queued status read after ACS accepted a send, and the least between two such reads (never sooner
    /// than ACS's retry-after either): used when the send's retry-after is longer than <see cref="InlineStatusWait"/>, or
    /// the one read in the same run found the email still running.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan StatusCheckDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Longest retry-after the worker waits out in the same run (an awaited timer) before reading once the status of a
    /// send ACS accepted without finishing, so an email that ends within it never comes back to the queue as a status
    /// check; zero re-queues every status read.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan InlineStatusWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Status reads spent on one email before it is parked on the poison queue (accepted, outcome unknown).</summary>
    [Range(1, 1000)]
    public int MaxStatusReadsPerEmail { get; set; } = 20;

    /// <summary>
    /// How long ACS tracks a Repeatability-Request-ID (5 minutes for Email Send). Past it, a retry that may have been
    /// accepted is first looked up by operation id; one that cannot have been accepted is sent with a new first-sent time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan RepeatabilityWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Transient failures (5xx, timeouts, network) of one email before it is parked on the poison queue.</summary>
    [Range(1, 100)]
    public int MaxTransientFailures { get; set; } = 5;

    /// <summary>Delay after the first transient failure without Retry-After; it doubles with each further failure.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan TransientRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Re-queues of one email (throttling, status checks, yielding to time-critical mail) before it is parked on the poison queue.</summary>
    [Range(1, 100_000)]
    public int MaxRequeues { get; set; } = 1000;

    /// <summary>Age since first enqueued past which an email is parked on the poison queue instead of re-queued again.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan MaxOutboxAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// A link or code email is sent only while at least this much of its validity is left; otherwise it is dropped,
    /// so nobody receives a link that dies before it can be used.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MinimumValidityAtSend { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a notification waits while time-critical emails are pending and the quota is the bottleneck (a 429 in the last minute).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan NotificationYieldDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Messages moved back from the poison queues per run of <c>ReplayPoisonEmails</c>.</summary>
    [Range(1, 100_000)]
    public int MaxReplayedPerRun { get; set; } = 1000;

    // Per-address daily allowances, one per EmailBudget (docs/security/ways-back.md): what a stranger can make reach
    // one mailbox is their sum, plus one recovery email per link lifetime once the recovery allowance is spent.

    /// <summary>Recovery links and codes asked from clients the account does not know.</summary>
    [Range(1, 1000)]
    public int RecoveryEmailsPerAddressPerDay { get; set; } = 5;

    /// <summary>Recovery links and codes asked from a client the account has signed in from (strangers cannot spend it).</summary>
    [Range(1, 1000)]
    public int KnownClientRecoveryEmailsPerAddressPerDay { get; set; } = 10;

    /// <summary>"Recovery is still locked" notices to one address.</summary>
    [Range(1, 100)]
    public int RecoveryLockNoticesPerAddressPerDay { get; set; } = 1;

    /// <summary>Forgotten-username reminders.</summary>
    [Range(1, 1000)]
    public int UsernameEmailsPerAddressPerDay { get; set; } = 3;

    /// <summary>Activation links and "you already have an account" emails.</summary>
    [Range(1, 1000)]
    public int RegistrationEmailsPerAddressPerDay { get; set; } = 3;

    /// <summary>Email-change confirmation links to one (new) address.</summary>
    [Range(1, 1000)]
    public int EmailChangeLinksPerAddressPerDay { get; set; } = 3;

    /// <summary>Acknowledgements of contact-form requests naming the account.</summary>
    [Range(1, 1000)]
    public int AssistanceAcknowledgementsPerAddressPerDay { get; set; } = 3;

    /// <summary>The daily allowance of <paramref name="budget"/>; null for <see cref="EmailBudget.None"/> (never capped).</summary>
    public int? DailyAllowance(EmailBudget budget) => budget switch
    {
        EmailBudget.None => null,
        EmailBudget.Recovery => RecoveryEmailsPerAddressPerDay,
        EmailBudget.RecoveryFromKnownClient => KnownClientRecoveryEmailsPerAddressPerDay,
        EmailBudget.RecoveryLockNotice => RecoveryLockNoticesPerAddressPerDay,
        EmailBudget.Username => UsernameEmailsPerAddressPerDay,
        EmailBudget.Registration => RegistrationEmailsPerAddressPerDay,
        EmailBudget.EmailChange => EmailChangeLinksPerAddressPerDay,
        EmailBudget.AssistanceAcknowledgement => AssistanceAcknowledgementsPerAddressPerDay,
        _ => throw new ArgumentOutOfRangeException(nameof(budget), budget, "Not an email budget."),
    };
}

public sealed class EmailOptionsValidator() : OptionsValidator<EmailOptions>(EmailOptions.SectionName);
