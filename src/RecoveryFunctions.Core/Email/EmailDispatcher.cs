using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Core.Throttling;

namespace RecoveryFunctions.Core.Email;

/// <summary>
/// The queue worker's logic (SPEC §2.6): drop what has no recipient or is over the per-address cap,
/// render, send, and decide what a failure means. A 429 re-queues the same message (same Operation-Id)
/// hidden for Retry-After; a transient failure throws so the host retries and, after its limit, poisons;
/// a permanent failure is parked on the poison queue at once. Nothing is lost, nothing sent twice.
/// </summary>
public sealed partial class EmailDispatcher(
    IEmailRenderer renderer,
    IEmailSender sender,
    IEmailOutbox outbox,
    IThrottleStore throttles,
    IOptions<EmailOptions> options,
    RecoveryMetrics metrics,
    ILogger<EmailDispatcher> logger)
{
    public async Task DispatchAsync(OutboxEmail email, long dequeueCount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        if (email.To is null)
        {
            LogNoRecipient(logger, email.Template, email.OperationId);
            metrics.EmailDrop(email.Template, "no-recipient");
            return;
        }

        // Count each email once: not again when the host redelivers it or after a 429 re-queue.
        if (email.StrangerTriggered && dequeueCount <= 1 && email.Deferrals == 0)
        {
            var decision = await throttles.HitAsync("email-address-day", email.To, options.Value.StrangerTriggeredPerAddressPerDay, TimeSpan.FromDays(1), cancellationToken);
            if (!decision.Allowed)
            {
                LogCapped(logger, email.Template, email.OperationId, EmailMasker.Mask(email.To));
                metrics.EmailDrop(email.Template, "capped");
                return;
            }
        }

        var rendered = renderer.Render(email.Template, email.Language, email.Values);
        var result = await sender.SendAsync(email.To, rendered, email.OperationId, cancellationToken);
        switch (result.Outcome)
        {
            case EmailSendOutcome.Sent:
                LogSent(logger, email.Template, email.OperationId, EmailMasker.Mask(email.To));
                metrics.EmailSend(email.Template);
                break;
            case EmailSendOutcome.Throttled:
                var delay = result.RetryAfter ?? TimeSpan.FromSeconds(60);
                LogThrottled(logger, email.Template, email.OperationId, delay);
                metrics.EmailThrottle(email.Template);
                await outbox.EnqueueAsync(email with { Deferrals = email.Deferrals + 1 }, delay, cancellationToken);
                break;
            case EmailSendOutcome.PermanentFailure:
                LogPermanent(logger, email.Template, email.OperationId, result.Detail);
                metrics.EmailPoison(email.Template);
                await outbox.DeadLetterAsync(email, cancellationToken);
                break;
            default:
                metrics.EmailRetry(email.Template);
                throw new EmailDeliveryException($"Transient failure sending {email.Template} (operation {email.OperationId}): {result.Detail}");
        }
    }

    [LoggerMessage(LogLevel.Information, "Email {Template} ({OperationId}) has no recipient; dropped as designed")]
    private static partial void LogNoRecipient(ILogger logger, EmailTemplate template, Guid operationId);

    [LoggerMessage(LogLevel.Warning, "Email {Template} ({OperationId}) to {Recipient} dropped: daily cap for stranger-triggered emails reached")]
    private static partial void LogCapped(ILogger logger, EmailTemplate template, Guid operationId, string recipient);

    [LoggerMessage(LogLevel.Information, "Email {Template} ({OperationId}) sent to {Recipient}")]
    private static partial void LogSent(ILogger logger, EmailTemplate template, Guid operationId, string recipient);

    [LoggerMessage(LogLevel.Warning, "Email {Template} ({OperationId}) throttled by the email service; re-queued for {Delay}")]
    private static partial void LogThrottled(ILogger logger, EmailTemplate template, Guid operationId, TimeSpan delay);

    [LoggerMessage(LogLevel.Error, "Email {Template} ({OperationId}) refused permanently ({Detail}); moved to the poison queue")]
    private static partial void LogPermanent(ILogger logger, EmailTemplate template, Guid operationId, string? detail);
}
