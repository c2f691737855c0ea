namespace RecoveryFunctions.Core.Email;

/// <summary>
/// HTTP steps never send inline: they enqueue here and the queue workers send. Time-critical emails
/// (<see cref="EmailUrgency.IsTimeCritical"/>) and notifications travel on two queues, each with its poison queue.
/// </summary>
public interface IEmailOutbox
{
    Task EnqueueAsync(OutboxEmail email, CancellationToken cancellationToken = default);

    /// <summary>Enqueues hidden for at least <paramref name="delay"/> (rounded up to the queue's whole seconds).</summary>
    Task EnqueueAsync(OutboxEmail email, TimeSpan delay, CancellationToken cancellationToken = default);

    /// <summary>Parks a message that cannot be sent on its poison queue, so nothing is lost.</summary>
    Task DeadLetterAsync(OutboxEmail email, CancellationToken cancellationToken = default);

    /// <summary>Whether time-critical emails are waiting (visible or hidden), so notifications let them go first.</summary>
    Task<bool> HasTimeCriticalPendingAsync(CancellationToken cancellationToken = default);

    /// <summary>Moves up to <paramref name="max"/> poison messages back through <paramref name="prepare"/>; returns how many.</summary>
    Task<int> ReplayDeadLettersAsync(int max, Func<OutboxEmail, OutboxEmail> prepare, CancellationToken cancellationToken = default);
}
