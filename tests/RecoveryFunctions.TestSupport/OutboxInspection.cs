using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Infrastructure.Storage;

namespace RecoveryFunctions.TestSupport;

/// <summary>What a service graph put on its outbox queues (no worker runs there), as the JSON the worker would read.</summary>
public static class OutboxInspection
{
    /// <summary>Receives every message of both outbox lanes (time-critical first), so each is seen once.</summary>
    public static async Task<List<JsonElement>> DrainOutboxAsync(this ServiceGraphFixture graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var names = graph.Services.GetRequiredService<TableNames>();
        var all = new List<JsonElement>();
        foreach (var name in new[] { names.EmailQueue, names.EmailNotificationQueue })
        {
            var queue = new QueueClient(graph.ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
            if (!await queue.ExistsAsync())
            {
                continue;
            }

            while ((await queue.ReceiveMessagesAsync(32)).Value is { Length: > 0 } batch)
            {
                all.AddRange(batch.Select(m => JsonDocument.Parse(m.MessageText).RootElement.Clone()));
            }
        }

        return all;
    }

    /// <summary>The values of the last message queued for <paramref name="email"/>.</summary>
    public static async Task<JsonElement> LastOutboxValuesAsync(this ServiceGraphFixture graph, string email)
        => (await graph.DrainOutboxAsync()).Last(m => m.GetProperty("to").GetString() == email).GetProperty("values");
}
