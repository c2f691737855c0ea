namespace RecoveryFunctions.Core.Email;

/// <summary>HTTP steps never send inline: they enqueue here and the queue worker sends.</summary>
public interface IEmailOutbox
{
    Task EnqueueAsync(OutboxEmail email, CancellationToken cancellationToken = default);

    /// <summary>Enqueues hidden for <paramref name="delay"/> (honours ACS's Retry-After; keeps the Operation-Id).</summary>
    Task EnqueueAsync(OutboxEmail email, TimeSpan delay, CancellationToken cancellationToken = default);

    /// <summary>Parks a message that cannot be sent on the poison queue, so nothing is lost.</summary>
    Task DeadLetterAsync(OutboxEmail email, CancellationToken cancellationToken = default);
}
