using System.Diagnostics;
using System.Text.Json;
using Azure.Storage.Queues;
using RecoveryFunctions.Core.Email;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>The email outbox: one JSON message per email on a Storage queue, read by the queue-triggered sender.</summary>
public sealed class StorageQueueEmailOutbox(StorageClients clients, TableNames names) : IEmailOutbox
{
    private readonly QueueClient _queue = clients.Queues.GetQueueClient(names.EmailQueue);
    private readonly QueueClient _poison = clients.Queues.GetQueueClient(names.EmailPoisonQueue);

    public Task EnqueueAsync(OutboxEmail email, CancellationToken cancellationToken = default)
        => EnqueueAsync(email, TimeSpan.Zero, cancellationToken);

    public async Task EnqueueAsync(OutboxEmail email, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        // The current span (the HTTP step, or the worker after a 429) is the parent of the next delivery.
        var body = JsonSerializer.Serialize(email with { TraceParent = Activity.Current?.Id ?? email.TraceParent }, OutboxEmailJson.Options);
        await _queue.SendMessageAsync(body, delay > TimeSpan.Zero ? delay : null, cancellationToken: cancellationToken);
    }

    public async Task DeadLetterAsync(OutboxEmail email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        await _poison.SendMessageAsync(JsonSerializer.Serialize(email, OutboxEmailJson.Options), cancellationToken: cancellationToken);
    }
}
