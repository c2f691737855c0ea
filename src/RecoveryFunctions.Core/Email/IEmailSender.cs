namespace RecoveryFunctions.Core.Email;

/// <summary>
/// Azure Communication Services Email in production. One call is one request: the caller owns every wait and retry
/// (the queue worker re-queues the email hidden for at least the delay the service asked for).
/// </summary>
public interface IEmailSender
{
    /// <summary>Sends once, as a repeatable request (<paramref name="request"/>'s id and first-sent time).</summary>
    Task<EmailSendResult> SendAsync(EmailSendRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads the status of the send operation <paramref name="operationId"/> once.</summary>
    Task<EmailSendResult> GetStatusAsync(Guid operationId, CancellationToken cancellationToken = default);
}

/// <param name="OperationId">Repeatability-Request-ID and Operation-Id: the same on every attempt of one email.</param>
/// <param name="FirstSentAt">Repeatability-First-Sent: the first attempt's time, the same on every retry within the window.</param>
public sealed record EmailSendRequest(string To, RenderedEmail Email, Guid OperationId, DateTimeOffset FirstSentAt);
