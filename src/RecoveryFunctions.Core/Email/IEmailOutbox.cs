namespace RecoveryFunctions.Core.Email;

/// <summary>HTTP steps never send inline: they enqueue here and the queue worker sends.</summary>
public interface IEmailOutbox
{
    Task EnqueueAsync(OutboxEmail email, CancellationToken cancellationToken = default);
}
