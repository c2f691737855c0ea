namespace RecoveryFunctions.Core.Email;

public enum EmailSendOutcome
{
    /// <summary>The operation ended Succeeded.</summary>
    Sent,

    /// <summary>ACS holds the email (202 not yet terminal, or 409: the first request is still in progress): read the status after <see cref="EmailSendResult.RetryAfter"/>.</summary>
    Accepted,

    /// <summary>429 (or this instance's status-read budget is spent): nothing was done; try again after <see cref="EmailSendResult.RetryAfter"/>.</summary>
    Throttled,

    /// <summary>5xx, timeout, network: try again after <see cref="EmailSendResult.RetryAfter"/> when given; <see cref="EmailSendResult.Uncertain"/> when ACS may have accepted it.</summary>
    TransientFailure,

    /// <summary>412: the Repeatability-First-Sent is outside the window ACS tracks.</summary>
    RepeatabilityExpired,

    /// <summary>Status read: no operation with this id (never accepted).</summary>
    NotFound,

    /// <summary>4xx other than the above, or the operation ended Failed or Canceled: retrying will not help.</summary>
    PermanentFailure,
}

public sealed record EmailSendResult(EmailSendOutcome Outcome, TimeSpan? RetryAfter = null, string? Detail = null, bool Uncertain = false)
{
    public static EmailSendResult Sent() => new(EmailSendOutcome.Sent);
}
