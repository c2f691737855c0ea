using System.Diagnostics;
using System.Text.Json;
using Azure.Storage.Queues;
using RecoveryFunctions.Core.Email;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// The email outbox: one JSON message per email on a Storage queue, time-critical emails and notifications on two
/// queues (each read by its own queue trigger), each with its <c>-poison</c> queue.
/// </summary>
public sealed class StorageQueueEmailOutbox(StorageClients clients, TableNames names, TimeProvider time) : IEmailOutbox
{
    private readonly Lane _critical = new(clients.Queues.GetQueueClient(names.EmailQueue), clients.Queues.GetQueueClient(names.EmailPoisonQueue));
    private readonly Lane _notifications = new(clients.Queues.GetQueueClient(names.EmailNotificationQueue), clients.Queues.GetQueueClient(names.EmailNotificationPoisonQueue));

    public Task EnqueueAsync(OutboxEmail email, CancellationToken cancellationToken = default)
        => EnqueueAsync(email, TimeSpan.Zero, cancellationToken);

    public async Task EnqueueAsync(OutboxEmail email, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        // The current span (the HTTP step, or the worker after a 429) is the parent of the next delivery.
        var stamped = (email.EnqueuedAt is null ? email with { EnqueuedAt = time.GetUtcNow() } : email) with { TraceParent = Activity.Current?.Id ?? email.TraceParent };

        // The queue hides messages for whole seconds: round up, so a wait is never shorter than what ACS asked.
        TimeSpan? visibility = delay > TimeSpan.Zero ? TimeSpan.FromSeconds(Math.Ceiling(delay.TotalSeconds)) : null;
        await LaneOf(email).Queue.SendMessageAsync(Serialize(stamped), visibility, cancellationToken: cancellationToken);
    }

    public async Task DeadLetterAsync(OutboxEmail email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        await LaneOf(email).Poison.SendMessageAsync(Serialize(email), cancellationToken: cancellationToken);
    }

    public async Task<bool> HasTimeCriticalPendingAsync(CancellationToken cancellationToken = default)
    {
        // Counts hidden messages too: a throttled time-critical email still goes before any notification.
        var properties = await _critical.Queue.GetPropertiesAsync(cancellationToken);
        return properties.Value.ApproximateMessagesCount > 0;
    }

    public async Task<int> ReplayDeadLettersAsync(int max, Func<OutboxEmail, OutboxEmail> prepare, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prepare);
        var replayed = 0;
        foreach (var lane in (Lane[])[_critical, _notifications])
        {
            while (replayed < max)
            {
                var batch = (await lane.Poison.ReceiveMessagesAsync(Math.Min(32, max - replayed), TimeSpan.FromMinutes(5), cancellationToken)).Value;
                if (batch.Length == 0)
                {
                    break;
                }

                foreach (var message in batch)
                {
                    if (TryDeserialize(message.MessageText) is not { } email)
                    {
                        // Not an outbox email: left where it is for a person to look at.
                        continue;
                    }

                    // Enqueue before delete: a crash in between leaves a copy, which the operation id keeps single.
                    await lane.Queue.SendMessageAsync(Serialize(prepare(email)), cancellationToken: cancellationToken);
                    await lane.Poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                    replayed++;
                }
            }
        }

        return replayed;
    }

    /// <summary>
    /// Time-critical emails not yet accepted go on the critical queue; once ACS holds one, its status checks travel with
    /// the notifications, so the critical queue's count says what still needs a send slot.
    /// </summary>
    private Lane LaneOf(OutboxEmail email) => EmailUrgency.IsTimeCritical(email.Template) && !email.Delivery.Accepted ? _critical : _notifications;

    private static OutboxEmail? TryDeserialize(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<OutboxEmail>(text, OutboxEmailJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Serialize(OutboxEmail email) => JsonSerializer.Serialize(email, OutboxEmailJson.Options);

    private sealed record Lane(QueueClient Queue, QueueClient Poison);
}
