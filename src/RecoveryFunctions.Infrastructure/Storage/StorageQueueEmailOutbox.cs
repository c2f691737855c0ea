using System.Diagnostics;
using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using RecoveryFunctions.Core.Email;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// The email outbox: one message per email on a Storage queue, time-critical emails and notifications on two
/// queues (each read by its own queue trigger), each with its <c>-poison</c> queue. Every message written here, to any
/// of the four queues, is the email's JSON sealed in an <see cref="OutboxKeyRing"/> envelope: the queues hold no
/// address, link, code or flow in clear (docs/security/outbox-at-rest.md).
/// </summary>
public sealed partial class StorageQueueEmailOutbox(
    StorageClients clients,
    TableNames names,
    OutboxKeyProvider keys,
    TimeProvider time,
    ILogger<StorageQueueEmailOutbox> logger) : IEmailOutbox
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

        // The queue hides messages for whole seconds: rounded up, so a wait is never shorter than what ACS asked.
        await LaneOf(email).Queue.SendMessageAsync(await SealAsync(stamped, cancellationToken), OutboxLanes.Visibility(delay), cancellationToken: cancellationToken);
    }

    public async Task DeadLetterAsync(OutboxEmail email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        await LaneOf(email).Poison.SendMessageAsync(await SealAsync(email, cancellationToken), cancellationToken: cancellationToken);
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
        var leftParked = new List<(QueueClient Poison, QueueMessage Message)>();
        foreach (var lane in (Lane[])[_critical, _notifications])
        {
            while (replayed < max)
            {
                // Each message received stays hidden for the run, so the loop ends when every one was seen once.
                var batch = (await lane.Poison.ReceiveMessagesAsync(Math.Min(32, max - replayed), TimeSpan.FromMinutes(5), cancellationToken)).Value;
                if (batch.Length == 0)
                {
                    break;
                }

                foreach (var message in batch)
                {
                    var (email, error, keyId) = await OpenAsync(message.MessageText, cancellationToken);
                    if (email is null)
                    {
                        // Left where it is for a person to look at; one under a key this instance has not read yet
                        // (mid-rotation), or whose key an operator puts back, opens on a later replay.
                        LogLeftParked(logger, message.MessageId, lane.Poison.Name, error, keyId ?? "-");
                        leftParked.Add((lane.Poison, message));
                        continue;
                    }

                    // Enqueue before delete: a crash in between leaves a copy, which the operation id keeps single.
                    await lane.Queue.SendMessageAsync(await SealAsync(prepare(email), cancellationToken), cancellationToken: cancellationToken);
                    await lane.Poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                    replayed++;
                }
            }
        }

        // Visible again at once, unchanged: a peek shows them and the next replay tries them again.
        foreach (var (poison, message) in leftParked)
        {
            await poison.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken);
        }

        return replayed;
    }

    /// <summary>
    /// The email a queue trigger received, or null when it cannot be opened (not an envelope, tampered): that message is
    /// then moved, exactly as it came, to its lane's poison queue and logged without its content; retrying could not
    /// help. One sealed under a key this instance does not hold even after reading the keys afresh throws instead, so
    /// the host retries it (a rotation may not have reached this instance's secret cache yet, and the fresh read is
    /// bounded) and, after its last attempt, parks it as it came.
    /// </summary>
    /// <exception cref="InvalidOperationException">Sealed under an unknown key; the message names only the key id.</exception>
    public async Task<OutboxEmail?> OpenOrParkAsync(QueueMessage message, bool timeCritical, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var (email, error, keyId) = await OpenAsync(message.MessageText, cancellationToken);
        if (email is not null)
        {
            return email;
        }

        var lane = timeCritical ? _critical : _notifications;
        if (error == OutboxEnvelopeError.UnknownKey)
        {
            LogUnknownKey(logger, message.MessageId, lane.Queue.Name, keyId!, message.DequeueCount);
            throw new InvalidOperationException($"Outbox message sealed under key id {keyId}, which this instance does not hold.");
        }

        await lane.Poison.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
        LogUnreadable(logger, message.MessageId, lane.Queue.Name, error, keyId ?? "-", lane.Poison.Name);
        return null;
    }

    /// <summary>Opens a message's text as read from a queue (inspection and tests); null when it cannot be opened.</summary>
    public async Task<OutboxEmail?> TryOpenAsync(string messageText, CancellationToken cancellationToken = default)
        => (await OpenAsync(messageText, cancellationToken)).Email;

    /// <summary>The queues of the lane <see cref="OutboxLanes.Of"/> picks.</summary>
    private Lane LaneOf(OutboxEmail email) => OutboxLanes.Of(email) == OutboxLane.TimeCritical ? _critical : _notifications;

    private async Task<string> SealAsync(OutboxEmail email, CancellationToken cancellationToken)
    {
        var ring = await keys.GetKeyRingAsync(cancellationToken);
        return ring.Seal(JsonSerializer.SerializeToUtf8Bytes(email, OutboxEmailJson.Options));
    }

    private async Task<(OutboxEmail? Email, OutboxEnvelopeError Error, string? KeyId)> OpenAsync(string? text, CancellationToken cancellationToken)
    {
        var ring = await keys.GetKeyRingAsync(cancellationToken);
        var error = ring.TryOpen(text ?? "", out var json, out var keyId);
        if (error == OutboxEnvelopeError.UnknownKey)
        {
            // Another instance may have read a rotated key before this one's cache expired: read the keys afresh once
            // (the secret source bounds how often), rather than park every message sealed under the new key meanwhile.
            ring = await keys.GetFreshKeyRingAsync(cancellationToken);
            error = ring.TryOpen(text ?? "", out json, out keyId);
        }

        if (error != OutboxEnvelopeError.None)
        {
            return (null, error, keyId);
        }

        try
        {
            return JsonSerializer.Deserialize<OutboxEmail>(json!, OutboxEmailJson.Options) is { } email
                ? (email, OutboxEnvelopeError.None, keyId)
                : (null, OutboxEnvelopeError.NotAnEmail, keyId);
        }
        catch (JsonException)
        {
            return (null, OutboxEnvelopeError.NotAnEmail, keyId);
        }
    }

    [LoggerMessage(LogLevel.Error, "Outbox message {MessageId} on {Queue} could not be opened ({Reason}, key id {KeyId}); moved as it was to the poison queue {PoisonQueue}")]
    private static partial void LogUnreadable(ILogger logger, string messageId, string queue, OutboxEnvelopeError reason, string keyId, string poisonQueue);

    [LoggerMessage(LogLevel.Warning, "Outbox message {MessageId} on {Queue} is sealed under key id {KeyId}, which this instance does not hold (attempt {Attempt}); the host retries it, then parks it as it came on the poison queue")]
    private static partial void LogUnknownKey(ILogger logger, string messageId, string queue, string keyId, long attempt);

    [LoggerMessage(LogLevel.Warning, "Poison message {MessageId} on {PoisonQueue} could not be opened ({Reason}, key id {KeyId}); left there, not replayed")]
    private static partial void LogLeftParked(ILogger logger, string messageId, string poisonQueue, OutboxEnvelopeError reason, string keyId);

    private sealed record Lane(QueueClient Queue, QueueClient Poison);
}
