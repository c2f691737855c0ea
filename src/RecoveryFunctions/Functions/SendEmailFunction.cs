using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Infrastructure.Storage;

namespace RecoveryFunctions.Functions;

/// <summary>
/// Queue triggers of the email outbox: one per queue, so time-critical emails have a worker of their own and
/// notifications yield to them (<see cref="EmailDispatcher"/>). Each message is a sealed envelope: one that cannot be
/// opened (tampered, not an envelope) is moved as it is to the poison queue by the outbox. The dispatcher re-queues
/// every wait itself; a throw (a bug, a storage outage, a key this instance does not hold yet) hands the message back
/// to the host, which retries it up to host.json's maxDequeueCount and then moves it, as it is, to the poison queue.
/// </summary>
public sealed class SendEmailFunction(EmailDispatcher dispatcher, StorageQueueEmailOutbox outbox)
{
    [Function(nameof(SendEmailFunction))]
    public Task RunAsync([QueueTrigger("%Storage:EmailQueueName%", Connection = "AzureWebJobsStorage")] QueueMessage message, CancellationToken cancellationToken)
        => DispatchAsync(message, timeCritical: true, cancellationToken);

    [Function("SendNotificationEmailFunction")]
    public Task RunNotificationAsync([QueueTrigger("%Storage:EmailNotificationQueueName%", Connection = "AzureWebJobsStorage")] QueueMessage message, CancellationToken cancellationToken)
        => DispatchAsync(message, timeCritical: false, cancellationToken);

    private async Task DispatchAsync(QueueMessage message, bool timeCritical, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (await outbox.OpenOrParkAsync(message, timeCritical, cancellationToken) is not { } email)
        {
            return;
        }

        using var delivery = RecoveryMetrics.StartDelivery(email);
        await dispatcher.DispatchAsync(email, message.DequeueCount, cancellationToken);
    }
}
