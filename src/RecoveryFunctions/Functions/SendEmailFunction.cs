using System.Text.Json;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Infrastructure.Storage;

namespace RecoveryFunctions.Functions;

/// <summary>
/// Queue triggers of the email outbox: one per queue, so time-critical emails have a worker of their own and
/// notifications yield to them (<see cref="EmailDispatcher"/>). The dispatcher re-queues every wait itself; a
/// throw (a bug or storage outage) hands the message back to the host, which retries it up to host.json's
/// maxDequeueCount and then moves it to the poison queue.
/// </summary>
public sealed class SendEmailFunction(EmailDispatcher dispatcher)
{
    [Function(nameof(SendEmailFunction))]
    public Task RunAsync([QueueTrigger("%Storage:EmailQueueName%", Connection = "AzureWebJobsStorage")] QueueMessage message, CancellationToken cancellationToken)
        => DispatchAsync(message, cancellationToken);

    [Function("SendNotificationEmailFunction")]
    public Task RunNotificationAsync([QueueTrigger("%Storage:EmailNotificationQueueName%", Connection = "AzureWebJobsStorage")] QueueMessage message, CancellationToken cancellationToken)
        => DispatchAsync(message, cancellationToken);

    private async Task DispatchAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var email = JsonSerializer.Deserialize<OutboxEmail>(message.MessageText, OutboxEmailJson.Options)
            ?? throw new JsonException("Empty outbox message.");
        using var delivery = RecoveryMetrics.StartDelivery(email);
        await dispatcher.DispatchAsync(email, message.DequeueCount, cancellationToken);
    }
}
