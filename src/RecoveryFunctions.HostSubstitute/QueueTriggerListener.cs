using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace RecoveryFunctions.HostSubstitute;

/// <summary>
/// Runs one queue-triggered function against Azurite with the Functions host's semantics from host.json:
/// batches, a message leased while it runs, deleted on success; on failure made visible again after
/// visibilityTimeout, and after maxDequeueCount attempts moved to <c>{queue}-poison</c>. As the host's queue listener,
/// it fetches the next batch as soon as the messages still running are down to newBatchThreshold, not when the whole
/// batch has ended: one slow message (an email whose status is read after ACS's retry-after) holds up no other.
/// </summary>
public sealed partial class QueueTriggerListener(
    IServiceProvider services,
    FunctionDescriptor function,
    QueueServiceClient queues,
    string queueName,
    HostJsonSettings settings,
    ILogger<QueueTriggerListener> logger) : BackgroundService
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    public FunctionDescriptor Function => function;

    /// <summary>The queue listened to: the trigger's queue name with its %setting% references resolved.</summary>
    public string QueueName => queueName;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queue = queues.GetQueueClient(queueName);
        var poison = queues.GetQueueClient(queueName + "-poison");
        await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        await poison.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        var delay = MinPollingInterval;
        var running = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    QueueMessage[] batch = await queue.ReceiveMessagesAsync(settings.QueueBatchSize, Lease, stoppingToken);
                    if (batch.Length == 0)
                    {
                        await Task.Delay(delay, stoppingToken);
                        delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.MaxPollingInterval.Ticks));
                        continue;
                    }

                    delay = MinPollingInterval;
                    running.AddRange(batch.Select(m => ProcessAsync(queue, poison, m, stoppingToken)));
                    while (running.Count > settings.NewBatchThreshold)
                    {
                        running.Remove(await Task.WhenAny(running));
                    }

                    running.RemoveAll(t => t.IsCompleted);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Azure.RequestFailedException e)
                {
                    LogPollFailed(logger, queueName, e.Status);
                    await Task.Delay(settings.MaxPollingInterval, stoppingToken);
                }
            }
        }
        finally
        {
            // The host lets the messages it started end before it stops (the stop cancels their functions).
            foreach (var task in running)
            {
                try
                {
                    await task;
                }
                catch (OperationCanceledException)
                {
                }
            }
        }
    }

    /// <summary>One message, run beside the others: a failure to settle it is logged here, and the message reappears when its lease ends.</summary>
    private async Task ProcessAsync(QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            await RunAndSettleAsync(queue, poison, message, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Nothing awaits a message's task but the threshold's count: its failure is told here or nowhere.
            LogSettleFailed(logger, message.MessageId, queueName, e is Azure.RequestFailedException failed ? $"status {failed.Status}" : e.GetType().Name);
        }
    }

    private async Task RunAndSettleAsync(QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            await FunctionInvoker.InvokeInNewScopeAsync(services, function, message, stoppingToken);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            if (message.DequeueCount >= settings.MaxDequeueCount)
            {
                LogPoisoned(logger, function.Name, message.MessageId, message.DequeueCount, e.GetType().Name);
                await poison.SendMessageAsync(message.Body, cancellationToken: stoppingToken);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
            }
            else
            {
                LogRetry(logger, function.Name, message.MessageId, message.DequeueCount, e.GetType().Name);
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: settings.VisibilityTimeout, cancellationToken: stoppingToken);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Function {Function} failed on message {MessageId} (attempt {Attempt}, {Error}); it will be retried")]
    private static partial void LogRetry(ILogger logger, string function, string messageId, long attempt, string error);

    [LoggerMessage(LogLevel.Error, "Function {Function} failed on message {MessageId} {Attempt} times ({Error}); moved to the poison queue")]
    private static partial void LogPoisoned(ILogger logger, string function, string messageId, long attempt, string error);

    [LoggerMessage(LogLevel.Warning, "Settling message {MessageId} of queue {Queue} failed ({Error}); it reappears when its lease ends")]
    private static partial void LogSettleFailed(ILogger logger, string messageId, string queue, string error);

    [LoggerMessage(LogLevel.Warning, "Polling queue {Queue} failed with status {Status}")]
    private static partial void LogPollFailed(ILogger logger, string queue, int status);
}
