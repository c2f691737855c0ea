using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Options;

namespace RecoveryFunctions.Core.Email;

/// <summary>
/// Moves parked emails back to their queues (operator action, <c>ReplayPoisonEmails</c>) with fresh caps and the same
/// operation id. Each one is marked as possibly accepted, so the worker looks it up by operation id before any resend:
/// an email ACS already took is never sent twice, and a stale link is still dropped unsent.
/// </summary>
public sealed partial class PoisonEmailReplay(IEmailOutbox outbox, TimeProvider time, IOptions<EmailOptions> options, ILogger<PoisonEmailReplay> logger)
{
    public async Task<int> ReplayAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var replayed = await outbox.ReplayDeadLettersAsync(options.Value.MaxReplayedPerRun, email => Prepare(email, now), cancellationToken);
        LogReplayed(logger, replayed);
        return replayed;
    }

    internal static OutboxEmail Prepare(OutboxEmail email, DateTimeOffset now) => email with
    {
        EnqueuedAt = now,
        Requeues = 0,
        Replays = email.Replays + 1,
        Delivery = email.Delivery with
        {
            MaybeAccepted = !email.Delivery.Accepted,
            TransientFailures = 0,
            StatusReads = 0,
        },
    };

    [LoggerMessage(LogLevel.Warning, "{Count} emails moved back from the poison queues")]
    private static partial void LogReplayed(ILogger logger, int count);
}
