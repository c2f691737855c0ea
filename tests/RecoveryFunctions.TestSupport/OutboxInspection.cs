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

    /// <summary>
    /// Waits until both outbox queues of a running host hold no message, hidden ones included (a status check waiting
    /// its turn): every email enqueued so far has been sent or dropped.
    /// </summary>
    public static async Task WaitForOutboxIdleAsync(this IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var names = services.GetRequiredService<TableNames>();
        var queues = services.GetRequiredService<StorageClients>().Queues;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            var pending = 0;
            foreach (var queue in (string[])[names.EmailQueue, names.EmailNotificationQueue])
            {
                pending += (await queues.GetQueueClient(queue).GetPropertiesAsync()).Value.ApproximateMessagesCount;
            }

            if (pending == 0)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The outbox did not become idle.");
    }
}
