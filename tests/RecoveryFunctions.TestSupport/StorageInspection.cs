using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Infrastructure.Storage;

namespace RecoveryFunctions.TestSupport;

/// <summary>Reads what the system stored, straight from Azurite, for assertions on storage state.</summary>
public static class StorageInspection
{
    public static async Task<List<TableEntity>> AccountsWithEmailAsync(LocalHostFixture host, string email)
    {
        var names = host.Host.Services.GetRequiredService<TableNames>();
        var table = new TableClient(host.Host.StorageConnectionString, names.Accounts);
        var found = new List<TableEntity>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Email eq {email}")))
        {
            found.Add(entity);
        }

        return found;
    }

    /// <summary>The token rows bound to the account at <paramref name="email"/> (flows, links, sessions…), straight from the Tokens table.</summary>
    public static async Task<List<TableEntity>> TokenRowsOfAsync(LocalHostFixture host, string email)
    {
        var number = (await AccountsWithEmailAsync(host, email)).Single().PartitionKey;
        var table = new TableClient(host.Host.StorageConnectionString, host.Host.Services.GetRequiredService<TableNames>().Tokens);
        var found = new List<TableEntity>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"SubscriberNumber eq {number}")))
        {
            found.Add(entity);
        }

        return found;
    }

    /// <summary>Every property value of every row of every table of this host, as text.</summary>
    public static async Task<List<string>> AllTableTextAsync(LocalHostFixture host)
    {
        var names = host.Host.Services.GetRequiredService<TableNames>();
        var text = new List<string>();
        foreach (var name in names.AllTables)
        {
            var table = new TableClient(host.Host.StorageConnectionString, name);
            await foreach (var entity in table.QueryAsync<TableEntity>())
            {
                text.Add(string.Join("|", entity.Select(p => $"{p.Key}={p.Value}")));
            }
        }

        return text;
    }

    /// <summary>The bodies of messages waiting in a queue (peeked, not consumed).</summary>
    public static async Task<List<string>> PeekQueueAsync(LocalHostFixture host, string queueName)
    {
        var queue = new QueueClient(host.Host.StorageConnectionString, queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        if (!await queue.ExistsAsync())
        {
            return [];
        }

        PeekedMessage[] messages = await queue.PeekMessagesAsync(32);
        return messages.Select(m => m.MessageText).ToList();
    }

    /// <summary>
    /// The messages waiting in an outbox queue, each as stored (the sealed envelope) and opened with the host's outbox
    /// key as its worker would (null when it does not open).
    /// </summary>
    public static async Task<List<(string Text, OutboxEmail? Email)>> PeekOutboxAsync(LocalHostFixture host, string queueName)
    {
        var outbox = host.Host.Services.GetRequiredService<StorageQueueEmailOutbox>();
        var opened = new List<(string, OutboxEmail?)>();
        foreach (var text in await PeekQueueAsync(host, queueName))
        {
            opened.Add((text, await outbox.TryOpenAsync(text)));
        }

        return opened;
    }

    /// <summary>Waits until an outbox queue holds a message that <paramref name="match"/> accepts (peeked, not consumed).</summary>
    public static async Task<(string Text, OutboxEmail? Email)> WaitForOutboxMessageAsync(LocalHostFixture host, string queueName, Func<(string Text, OutboxEmail? Email), bool> match)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            foreach (var message in await PeekOutboxAsync(host, queueName))
            {
                if (match(message))
                {
                    return message;
                }
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("No matching message on " + queueName);
    }
}
