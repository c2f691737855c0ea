namespace RecoveryFunctions.Core.Email;

public enum EmailSendOutcome
{
    /// <summary>The service accepted and delivered (or already had) the message.</summary>
    Sent,

    /// <summary>429: try again after <see cref="EmailSendResult.RetryAfter"/>; not a failure.</summary>
    Throttled,

    /// <summary>5xx, timeout, network: retry, counting towards the poison limit.</summary>
    TransientFailure,

    /// <summary>4xx other than 429, or the operation ended Failed: retrying will not help.</summary>
    PermanentFailure,
}

public sealed record EmailSendResult(EmailSendOutcome Outcome, TimeSpan? RetryAfter = null, string? Detail = null)
{
    public static EmailSendResult Sent() => new(EmailSendOutcome.Sent);
}
