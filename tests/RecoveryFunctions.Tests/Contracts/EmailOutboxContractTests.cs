using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Infrastructure.Storage;
using RecoveryFunctions.TestSupport;
using RecoveryFunctions.TestSupport.InMemory;

namespace RecoveryFunctions.Tests.Contracts;

/// <summary>
/// What the steps and the dispatcher rely on from <see cref="IEmailOutbox"/>: the lane <see cref="OutboxLanes.Of"/> picks,
/// a delayed message hidden (and still counted as pending) until its delay has passed, never earlier, dead letters parked
/// on their lane, and replay moving them back once, up to its cap.
/// </summary>
public abstract class EmailOutboxContractTests(IServiceGraph graph)
{
    private IEmailOutbox Outbox => graph.Services.GetRequiredService<IEmailOutbox>();

    [Fact]
    public async Task Enqueue_LinkNoticeAndAcceptedLink_EachOnTheLaneOutboxLanesPicks()
    {
        await ResetAsync();
        var link = Email(EmailTemplate.RecoveryLink);
        var notice = Email(EmailTemplate.PasswordChanged);
        var statusCheck = Email(EmailTemplate.RecoveryLink) with { Delivery = new EmailDeliveryState(Accepted: true) };

        foreach (var email in new[] { link, notice, statusCheck })
        {
            await Outbox.EnqueueAsync(email);
        }

        var pendingBefore = await Outbox.HasTimeCriticalPendingAsync();
        var critical = await ReceiveAsync(OutboxLane.TimeCritical);
        var notifications = await ReceiveAsync(OutboxLane.Notifications);

        Assert.True(pendingBefore);
        Assert.Equal([link.OperationId], critical.Select(e => e.OperationId));
        Assert.Equal(new[] { notice.OperationId, statusCheck.OperationId }.Order(), notifications.Select(e => e.OperationId).Order());
        Assert.All(critical.Concat(notifications), e => Assert.NotNull(e.EnqueuedAt));
        Assert.False(await Outbox.HasTimeCriticalPendingAsync());
    }

    [Fact]
    public async Task Enqueue_WithDelay_HiddenButPendingUntilTheDelayHasPassed()
    {
        await ResetAsync();
        var delay = TimeSpan.FromMilliseconds(1200);
        var link = Email(EmailTemplate.ActivationLink);
        var start = Now;

        await Outbox.EnqueueAsync(link, delay);
        var hidden = await ReceiveAsync(OutboxLane.TimeCritical);
        var pending = await Outbox.HasTimeCriticalPendingAsync();
        var (received, visibleAfter) = await WaitForAsync(OutboxLane.TimeCritical, start);

        Assert.Empty(hidden);
        Assert.True(pending);
        Assert.Equal([link.OperationId], received.Select(e => e.OperationId));
        Assert.True(visibleAfter >= delay, $"visible after {visibleAfter}, asked {delay}");
    }

    [Fact]
    public async Task DeadLetter_ThenReplay_EachBackOnItsLaneOncePrepared()
    {
        await ResetAsync();
        var link = Email(EmailTemplate.HelpdeskRecoveryLink);
        var notice = Email(EmailTemplate.SecurityQuestionChanged);
        await Outbox.DeadLetterAsync(link);
        await Outbox.DeadLetterAsync(notice);
        var parked = (await PoisonAsync(OutboxLane.TimeCritical), await PoisonAsync(OutboxLane.Notifications));

        var replayed = await Outbox.ReplayDeadLettersAsync(10, e => e with { Replays = e.Replays + 1 });
        var again = await Outbox.ReplayDeadLettersAsync(10, e => e with { Replays = e.Replays + 1 });

        Assert.Equal([link.OperationId], parked.Item1.Select(e => e.OperationId));
        Assert.Equal([notice.OperationId], parked.Item2.Select(e => e.OperationId));
        Assert.Equal((2, 0), (replayed, again));
        Assert.Empty(await PoisonAsync(OutboxLane.TimeCritical));
        Assert.Empty(await PoisonAsync(OutboxLane.Notifications));
        Assert.Equal([(link.OperationId, 1)], (await ReceiveAsync(OutboxLane.TimeCritical)).Select(e => (e.OperationId, e.Replays)));
        Assert.Equal([(notice.OperationId, 1)], (await ReceiveAsync(OutboxLane.Notifications)).Select(e => (e.OperationId, e.Replays)));
    }

    [Fact]
    public async Task Replay_CappedAtMax_TheRestStaysParked()
    {
        await ResetAsync();
        var emails = Enumerable.Range(0, 3).Select(_ => Email(EmailTemplate.RecoveryLink)).ToList();
        foreach (var email in emails)
        {
            await Outbox.DeadLetterAsync(email);
        }

        var replayed = await Outbox.ReplayDeadLettersAsync(2, e => e);

        Assert.Equal(2, replayed);
        Assert.Single(await PoisonAsync(OutboxLane.TimeCritical));
        Assert.Equal(2, (await ReceiveAsync(OutboxLane.TimeCritical)).Count);
    }

    /// <summary>Empties every queue of both lanes, hidden messages included.</summary>
    protected abstract Task ResetAsync();

    /// <summary>Takes (and deletes) every message of the lane visible now.</summary>
    protected abstract Task<IReadOnlyList<OutboxEmail>> ReceiveAsync(OutboxLane lane);

    /// <summary>The messages parked on the lane's poison queue, left there.</summary>
    protected abstract Task<IReadOnlyList<OutboxEmail>> PoisonAsync(OutboxLane lane);

    /// <summary>The clock the queue's visibility runs on.</summary>
    protected abstract DateTimeOffset Now { get; }

    /// <summary>Lets <paramref name="span"/> pass on that clock.</summary>
    protected abstract Task PassAsync(TimeSpan span);

    private async Task<(IReadOnlyList<OutboxEmail> Received, TimeSpan After)> WaitForAsync(OutboxLane lane, DateTimeOffset start)
    {
        while (Now - start < TimeSpan.FromSeconds(60))
        {
            if (await ReceiveAsync(lane) is { Count: > 0 } received)
            {
                return (received, Now - start);
            }

            await PassAsync(TimeSpan.FromMilliseconds(250));
        }

        throw new TimeoutException("The delayed message never became visible.");
    }

    private OutboxEmail Email(EmailTemplate template)
        => new(Guid.NewGuid(), template, "contrat@example.fr", "fr", new Dictionary<string, string> { ["Code"] = "123456" }, EmailBudget.None) { ValidUntil = graph.Time.GetUtcNow().AddMinutes(30) };
}

/// <summary>The outbox contract on Storage queues (Azurite, the real SDK clients, sealed messages opened as the worker does); its clock is real time.</summary>
[Collection(TableContractsCollection.Name)]
public sealed class StorageQueueEmailOutboxContractTests(ServiceGraphFixture graph) : EmailOutboxContractTests(graph)
{
    private readonly ServiceGraphFixture _graph = graph;

    protected override DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    protected override Task PassAsync(TimeSpan span) => Task.Delay(span);

    protected override async Task ResetAsync()
    {
        foreach (var name in _graph.Services.GetRequiredService<TableNames>().AllQueues)
        {
            await Queue(name).ClearMessagesAsync();
        }
    }

    protected override async Task<IReadOnlyList<OutboxEmail>> ReceiveAsync(OutboxLane lane)
    {
        var queue = Queue(lane == OutboxLane.TimeCritical ? Names.EmailQueue : Names.EmailNotificationQueue);
        var emails = new List<OutboxEmail>();
        while ((await queue.ReceiveMessagesAsync(32)).Value is { Length: > 0 } batch)
        {
            foreach (var message in batch)
            {
                emails.Add(await Open(message.MessageText));
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }

        return emails;
    }

    protected override async Task<IReadOnlyList<OutboxEmail>> PoisonAsync(OutboxLane lane)
    {
        var poison = Queue(lane == OutboxLane.TimeCritical ? Names.EmailPoisonQueue : Names.EmailNotificationPoisonQueue);
        var emails = new List<OutboxEmail>();
        foreach (var message in (await poison.PeekMessagesAsync(32)).Value)
        {
            emails.Add(await Open(message.MessageText));
        }

        return emails;
    }

    private TableNames Names => _graph.Services.GetRequiredService<TableNames>();

    private QueueClient Queue(string name) => new(_graph.ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    private async Task<OutboxEmail> Open(string text)
        => await _graph.Services.GetRequiredService<StorageQueueEmailOutbox>().TryOpenAsync(text) ?? throw new InvalidOperationException("An outbox message did not open.");
}

/// <summary>The outbox contract on the in-memory adapter; its clock is the graph's manual one, so no test waits.</summary>
public sealed class InMemoryEmailOutboxContractTests(InMemoryServiceGraph graph) : EmailOutboxContractTests(graph), IClassFixture<InMemoryServiceGraph>
{
    private readonly InMemoryServiceGraph _graph = graph;

    protected override DateTimeOffset Now => _graph.Time.GetUtcNow();

    protected override Task PassAsync(TimeSpan span)
    {
        _graph.Time.Advance(span);
        return Task.CompletedTask;
    }

    protected override Task ResetAsync()
    {
        _graph.Outbox.Clear();
        return Task.CompletedTask;
    }

    protected override Task<IReadOnlyList<OutboxEmail>> ReceiveAsync(OutboxLane lane) => Task.FromResult(_graph.Outbox.Receive(lane));

    protected override Task<IReadOnlyList<OutboxEmail>> PoisonAsync(OutboxLane lane) => Task.FromResult(_graph.Outbox.Poison(lane));
}
