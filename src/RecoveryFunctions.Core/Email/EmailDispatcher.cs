using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Core.Throttling;

namespace RecoveryFunctions.Core.Email;

/// <summary>
/// The queue workers' logic (contract §2.6). One run makes at most one request to ACS, and every wait is a re-queue of the
/// message hidden for at least what ACS asked (429, 5xx and status retry-after alike), carrying the delivery state:
/// <list type="bullet">
/// <item>drop what has no recipient, is over its budget's per-address allowance, or carries a link that would be dead on arrival;</item>
/// <item>park on the poison queue what is over the re-queue caps (count and age), refused, or failing for good;</item>
/// <item>let time-critical emails go first when the quota is the bottleneck: a notification then waits while one is pending;</item>
/// <item>send as a repeatable request (same id, first-sent time kept within ACS's window) so a retry is never executed
/// twice; past the window, a send that may have been accepted is first looked up by its operation id;</item>
/// <item>after acceptance, read the status once in the same run when ACS's retry-after is within
/// <see cref="EmailOptions.InlineStatusWait"/> (an awaited timer: no thread held, no queue write), otherwise or when
/// still running from a later run, within the status-read budget.</item>
/// </list>
/// </summary>
public sealed partial class EmailDispatcher(
    IEmailRenderer renderer,
    IEmailSender sender,
    IEmailOutbox outbox,
    IThrottleStore throttles,
    EmailQuotaGate gate,
    TimeProvider time,
    IOptions<EmailOptions> options,
    IOptions<RecoveryOptions> recoveryOptions,
    RecoveryMetrics metrics,
    ILogger<EmailDispatcher> logger)
{
    private EmailOptions Settings => options.Value;

    public async Task DispatchAsync(OutboxEmail email, long dequeueCount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        if (email.To is null)
        {
            LogNoRecipient(logger, email.Template, email.OperationId);
            metrics.EmailDrop(email.Template, "no-recipient");
            return;
        }

        var now = time.GetUtcNow();
        if (email.Requeues >= Settings.MaxRequeues || now - (email.EnqueuedAt ?? now) > Settings.MaxOutboxAge)
        {
            await ParkAsync(email, $"re-queue cap reached ({email.Requeues} re-queues, enqueued {email.EnqueuedAt:u})", cancellationToken);
            return;
        }

        if (email.Delivery.Accepted)
        {
            await CheckStatusAsync(email, cancellationToken);
            return;
        }

        if (email.ValidUntil is { } validUntil && validUntil - now < Settings.MinimumValidityAtSend)
        {
            // Never send a link or code that is dead (or about to be) on arrival: the holder asks again (README, Email).
            LogStale(logger, email.Template, email.OperationId, validUntil);
            metrics.EmailDrop(email.Template, "stale");
            return;
        }

        // Count each email once: not again when the host redelivers it or after a re-queue.
        if (dequeueCount <= 1 && email.Requeues == 0 && email.Replays == 0 && !await WithinAllowanceAsync(email, cancellationToken))
        {
            LogCapped(logger, email.Template, email.OperationId, EmailMasker.Mask(email.To));
            metrics.EmailDrop(email.Template, "capped");
            return;
        }

        if (!EmailUrgency.IsTimeCritical(email.Template) && gate.Sends.QuotaIsBottleneck(now) && await outbox.HasTimeCriticalPendingAsync(cancellationToken))
        {
            var closedFor = gate.Sends.Remaining(now) ?? TimeSpan.Zero;
            await RequeueAsync(email, email.Delivery, Jittered(closedFor > Settings.NotificationYieldDelay ? closedFor : Settings.NotificationYieldDelay), cancellationToken);
            return;
        }

        if (gate.Sends.Remaining(now) is { } closed)
        {
            // Spread over twice the wait: most of a burst cannot go in the next window anyway, and each bounce costs a queue write.
            await RequeueAsync(email, email.Delivery, Jittered(closed, spread: 1.0), cancellationToken);
            return;
        }

        // A previous run of this very message may have posted before it died (the host redelivered it).
        var delivery = dequeueCount > 1 ? email.Delivery with { MaybeAccepted = true } : email.Delivery;
        var windowPassed = delivery.FirstSentAt is null || now - delivery.FirstSentAt.Value >= Settings.RepeatabilityWindow;
        if (windowPassed && delivery.MaybeAccepted)
        {
            // ACS would not recognise the request id any more (or we never learnt its first-sent time): only the
            // operation id can tell whether an earlier attempt was accepted.
            await LookUpBeforeResendAsync(email, delivery, cancellationToken);
            return;
        }

        if (windowPassed)
        {
            // First attempt, or every earlier one was refused outright (429, 5xx answered): a new first-sent time cannot duplicate.
            delivery = delivery with { FirstSentAt = now };
        }

        await SendAsync(email, delivery, cancellationToken);
    }

    /// <summary>
    /// Spends one email of the address's daily allowance for the email's budget. Once a stranger has spent the recovery
    /// allowance, one more recovery email still goes per link lifetime: each lands in the holder's mailbox with a link the
    /// holder can use, so however many requests strangers send, a live link is never more than one lifetime away.
    /// </summary>
    private async Task<bool> WithinAllowanceAsync(OutboxEmail email, CancellationToken cancellationToken)
    {
        if (Settings.DailyAllowance(email.Budget) is not { } allowance)
        {
            return true;
        }

        var scope = "email-" + email.Budget.ToString().ToLowerInvariant();
        if ((await throttles.HitAsync(scope, email.To!, allowance, TimeSpan.FromDays(1), cancellationToken)).Allowed)
        {
            return true;
        }

        return email.Budget == EmailBudget.Recovery
            && (await throttles.HitAsync(scope + "-trickle", email.To!, 1, recoveryOptions.Value.RecoveryLinkLifetime, cancellationToken)).Allowed;
    }

    private async Task SendAsync(OutboxEmail email, EmailDeliveryState delivery, CancellationToken cancellationToken)
    {
        var rendered = renderer.Render(email.Template, email.Language, email.Values);
        var result = await sender.SendAsync(new EmailSendRequest(email.To!, rendered, email.OperationId, delivery.FirstSentAt!.Value), cancellationToken);
        if (result.Outcome == EmailSendOutcome.RepeatabilityExpired)
        {
            // Our clock and ACS's disagree on the window: take the past-the-window path on the next run.
            await RequeueAsync(email, delivery with { FirstSentAt = time.GetUtcNow() - Settings.RepeatabilityWindow }, TimeSpan.Zero, cancellationToken);
            return;
        }

        await HandleAsync(email, delivery with { MaybeAccepted = delivery.MaybeAccepted || result.Uncertain }, result, gate.Sends, cancellationToken, readInline: true);
    }

    private async Task LookUpBeforeResendAsync(OutboxEmail email, EmailDeliveryState delivery, CancellationToken cancellationToken)
    {
        if (await StatusReadsClosedAsync(email, delivery, cancellationToken))
        {
            return;
        }

        var result = await sender.GetStatusAsync(email.OperationId, cancellationToken);
        delivery = delivery with { StatusReads = delivery.StatusReads + 1 };
        switch (result.Outcome)
        {
            case EmailSendOutcome.NotFound:
                // Never accepted: a fresh repeatable request is safe now.
                await RequeueAsync(email, delivery with { FirstSentAt = null, MaybeAccepted = false }, TimeSpan.Zero, cancellationToken);
                break;
            default:
                await HandleAsync(email, delivery, result, gate.StatusReads, cancellationToken);
                break;
        }
    }

    private async Task CheckStatusAsync(OutboxEmail email, CancellationToken cancellationToken)
    {
        if (email.Delivery.StatusReads >= Settings.MaxStatusReadsPerEmail)
        {
            await ParkAsync(email, $"accepted but not finished after {email.Delivery.StatusReads} status reads", cancellationToken);
            return;
        }

        await ReadStatusAsync(email, email.Delivery, cancellationToken);
    }

    /// <summary>One status read of an accepted email (none while a status-read 429 runs), and what its answer means.</summary>
    private async Task ReadStatusAsync(OutboxEmail email, EmailDeliveryState accepted, CancellationToken cancellationToken)
    {
        if (await StatusReadsClosedAsync(email, accepted, cancellationToken))
        {
            return;
        }

        var result = await sender.GetStatusAsync(email.OperationId, cancellationToken);
        var delivery = accepted with { StatusReads = accepted.StatusReads + 1 };
        if (result.Outcome == EmailSendOutcome.NotFound)
        {
            // Accepted, yet unknown: read again later rather than resend (a resend could duplicate).
            result = result with { Outcome = EmailSendOutcome.TransientFailure };
        }

        await HandleAsync(email, delivery, result, gate.StatusReads, cancellationToken);
    }

    /// <summary>
    /// How long to wait in this run before the one status read of a send ACS accepted without finishing: its retry-after
    /// (or <see cref="EmailOptions.InlineStatusWait"/> when it gave none); null when that is longer than the setting
    /// allows, so a status check is re-queued instead. Most sends end within seconds, so most emails never come back
    /// to the queue: 2 queue operations fewer per email (docs/benchmarks.md, "Operations per recovery step").
    /// </summary>
    private TimeSpan? InlineWait(TimeSpan? retryAfter)
        => Settings.InlineStatusWait > TimeSpan.Zero && (retryAfter ?? Settings.InlineStatusWait) is var wait && wait <= Settings.InlineStatusWait ? wait : null;

    /// <summary>What any answer means: done, read the status later, wait out a 429 (closing that quota's gate), retry, or park.</summary>
    /// <param name="readInline">A send's answer: an accepted one may have its status read in this run (<see cref="InlineWait"/>).</param>
    private async Task HandleAsync(OutboxEmail email, EmailDeliveryState delivery, EmailSendResult result, QuotaGate quota, CancellationToken cancellationToken, bool readInline = false)
    {
        switch (result.Outcome)
        {
            case EmailSendOutcome.Sent:
                LogSent(logger, email.Template, email.OperationId, EmailMasker.Mask(email.To!));
                metrics.EmailSend(email.Template);
                break;
            case EmailSendOutcome.Accepted when readInline && InlineWait(result.RetryAfter) is { } wait:
                await Task.Delay(wait, time, cancellationToken);
                await ReadStatusAsync(email, delivery with { Accepted = true }, cancellationToken);
                break;
            case EmailSendOutcome.Accepted:
                await RequeueStatusCheckAsync(email, delivery with { Accepted = true }, result.RetryAfter, cancellationToken);
                break;
            case EmailSendOutcome.Throttled:
                var delay = result.RetryAfter ?? TimeSpan.FromMinutes(1);
                quota.CloseUntil(time.GetUtcNow() + delay);
                LogThrottled(logger, email.Template, email.OperationId, delay);
                metrics.EmailThrottle(email.Template);
                await RequeueAsync(email, delivery, Jittered(delay), cancellationToken);
                break;
            case EmailSendOutcome.TransientFailure:
                await RetryTransientAsync(email, delivery, result, cancellationToken);
                break;
            default:
                await ParkAsync(email, $"{result.Outcome}: {result.Detail}", cancellationToken);
                break;
        }
    }

    /// <summary>While a status-read 429 runs, re-queues the check without a request (spread over twice the wait).</summary>
    private async Task<bool> StatusReadsClosedAsync(OutboxEmail email, EmailDeliveryState delivery, CancellationToken cancellationToken)
    {
        if (gate.StatusReads.Remaining(time.GetUtcNow()) is not { } closed)
        {
            return false;
        }

        await RequeueAsync(email, delivery, Jittered(closed, spread: 1.0), cancellationToken);
        return true;
    }

    private async Task RetryTransientAsync(OutboxEmail email, EmailDeliveryState delivery, EmailSendResult result, CancellationToken cancellationToken)
    {
        delivery = delivery with { TransientFailures = delivery.TransientFailures + 1 };
        if (delivery.TransientFailures >= Settings.MaxTransientFailures)
        {
            await ParkAsync(email with { Delivery = delivery }, $"{delivery.TransientFailures} transient failures, last: {result.Detail}", cancellationToken);
            return;
        }

        var backoff = Settings.TransientRetryDelay * Math.Pow(2, delivery.TransientFailures - 1);
        var delay = result.RetryAfter is { } asked && asked > backoff ? asked : backoff;
        LogTransient(logger, email.Template, email.OperationId, delivery.TransientFailures, result.Detail, delay);
        metrics.EmailRetry(email.Template);
        await RequeueAsync(email, delivery, delay, cancellationToken);
    }

    private Task RequeueStatusCheckAsync(OutboxEmail email, EmailDeliveryState delivery, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        var delay = retryAfter is { } asked && asked > Settings.StatusCheckDelay ? asked : Settings.StatusCheckDelay;
        return RequeueAsync(email, delivery, delay, cancellationToken);
    }

    private Task RequeueAsync(OutboxEmail email, EmailDeliveryState delivery, TimeSpan delay, CancellationToken cancellationToken)
        => outbox.EnqueueAsync(email with { Delivery = delivery, Requeues = email.Requeues + 1 }, delay, cancellationToken);

    private async Task ParkAsync(OutboxEmail email, string reason, CancellationToken cancellationToken)
    {
        LogParked(logger, email.Template, email.OperationId, reason);
        metrics.EmailPoison(email.Template);
        await outbox.DeadLetterAsync(email, cancellationToken);
    }

    /// <summary>Spreads throttled emails over up to <paramref name="spread"/> more than the delay, so they do not all come back at once.</summary>
    private static TimeSpan Jittered(TimeSpan delay, double spread = 0.25)
        => delay + TimeSpan.FromMilliseconds(RandomNumberGenerator.GetInt32(0, (int)Math.Clamp(delay.TotalMilliseconds * spread, 1, 600_000)));

    [LoggerMessage(LogLevel.Information, "Email {Template} ({OperationId}) has no recipient; dropped as designed")]
    private static partial void LogNoRecipient(ILogger logger, EmailTemplate template, Guid operationId);

    [LoggerMessage(LogLevel.Warning, "Email {Template} ({OperationId}) to {Recipient} dropped: daily cap for stranger-triggered emails reached")]
    private static partial void LogCapped(ILogger logger, EmailTemplate template, Guid operationId, string recipient);

    [LoggerMessage(LogLevel.Warning, "Email {Template} ({OperationId}) dropped unsent: its link or code expires at {ValidUntil:u}")]
    private static partial void LogStale(ILogger logger, EmailTemplate template, Guid operationId, DateTimeOffset validUntil);

    [LoggerMessage(LogLevel.Information, "Email {Template} ({OperationId}) sent to {Recipient}")]
    private static partial void LogSent(ILogger logger, EmailTemplate template, Guid operationId, string recipient);

    [LoggerMessage(LogLevel.Warning, "Email {Template} ({OperationId}) throttled by the email service; re-queued for {Delay}")]
    private static partial void LogThrottled(ILogger logger, EmailTemplate template, Guid operationId, TimeSpan delay);

    [LoggerMessage(LogLevel.Warning, "Email {Template} ({OperationId}) transient failure {Failures} ({Detail}); re-queued for {Delay}")]
    private static partial void LogTransient(ILogger logger, EmailTemplate template, Guid operationId, int failures, string? detail, TimeSpan delay);

    [LoggerMessage(LogLevel.Error, "Email {Template} ({OperationId}) moved to the poison queue: {Reason}")]
    private static partial void LogParked(ILogger logger, EmailTemplate template, Guid operationId, string reason);
}
