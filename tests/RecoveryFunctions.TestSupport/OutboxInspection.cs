using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Infrastructure.Storage;

namespace RecoveryFunctions.TestSupport;

/// <summary>What a service graph put on its outbox queues (no worker runs there), opened with the app's outbox key as the worker does.</summary>
public static class OutboxInspection
{
    /// <summary>Receives every message of both outbox lanes (time-critical first), so each is seen once.</summary>
    public static async Task<List<OutboxEmail>> DrainOutboxAsync(this ServiceGraphFixture graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var names = graph.Services.GetRequiredService<TableNames>();
        var outbox = graph.Services.GetRequiredService<StorageQueueEmailOutbox>();
        var all = new List<OutboxEmail>();
        foreach (var name in new[] { names.EmailQueue, names.EmailNotificationQueue })
        {
            var queue = new QueueClient(graph.ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
            if (!await queue.ExistsAsync())
            {
                continue;
            }

            while ((await queue.ReceiveMessagesAsync(32)).Value is { Length: > 0 } batch)
            {
                foreach (var message in batch)
                {
                    all.Add(await outbox.TryOpenAsync(message.MessageText) ?? throw new InvalidOperationException("An outbox message did not open."));
                }
            }
        }

        return all;
    }

    /// <summary>The values of the last message queued for <paramref name="email"/>.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> LastOutboxValuesAsync(this ServiceGraphFixture graph, string email)
        => (await graph.DrainOutboxAsync()).Last(m => m.To == email).Values;
}
