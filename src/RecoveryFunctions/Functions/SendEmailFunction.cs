using System.Text.Json;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Infrastructure.Storage;

namespace RecoveryFunctions.Functions;

/// <summary>
/// Queue trigger of the email outbox. Throwing hands the message back to the host, which retries it
/// up to host.json's maxDequeueCount and then moves it to the poison queue.
/// </summary>
public sealed class SendEmailFunction(EmailDispatcher dispatcher)
{
    [Function(nameof(SendEmailFunction))]
    public async Task RunAsync([QueueTrigger("%Storage:EmailQueueName%", Connection = "AzureWebJobsStorage")] QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var email = JsonSerializer.Deserialize<OutboxEmail>(message.MessageText, OutboxEmailJson.Options)
            ?? throw new JsonException("Empty outbox message.");
        using var delivery = RecoveryMetrics.StartDelivery(email);
        await dispatcher.DispatchAsync(email, message.DequeueCount, cancellationToken);
    }
}
