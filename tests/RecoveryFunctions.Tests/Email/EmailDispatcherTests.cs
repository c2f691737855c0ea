using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.DevServices.Email;

namespace RecoveryFunctions.Tests.Email;

/// <summary>The outbox rules: bounded re-queues, no stale link sent, time-critical first under a short quota, replay without duplicates, the status read in the same run.</summary>
public sealed class EmailDispatcherTests
{
    [Fact]
    public async Task Dispatch_RequeueCountCapReached_ParkedOnPoison()
    {
        await using var harness = await DeliveryHarness.StartAsync(worker: o => o.MaxRequeues = 3);
        harness.Server.Faults.Always(429, TimeSpan.FromSeconds(5));
        var email = harness.Email("plafond@example.fr");
        await harness.EnqueueAsync(email);

        await harness.RunAsync();

        var parked = Assert.Single(harness.Outbox.Poison);
        Assert.Equal(email.OperationId, parked.OperationId);
        Assert.Equal(3, parked.Requeues);
        Assert.Equal(0, harness.Delivered(email));
    }

    [Fact]
    public async Task Dispatch_OutboxAgeCapReached_ParkedOnPoison()
    {
        await using var harness = await DeliveryHarness.StartAsync(worker: o => o.MaxOutboxAge = TimeSpan.FromMinutes(10));
        harness.Server.Faults.Always(429, TimeSpan.FromMinutes(4));
        var email = harness.Email("vieux@example.fr");
        await harness.EnqueueAsync(email);

        await harness.RunAsync();

        var parked = Assert.Single(harness.Outbox.Poison);
        Assert.True(harness.Clock.GetUtcNow() - parked.EnqueuedAt > TimeSpan.FromMinutes(10));
        Assert.InRange(harness.Server.Store.SendRequests, 2, 3);
    }

    [Fact]
    public async Task Dispatch_LinkExpiresBeforeItCanBeSent_DroppedNeverSent()
    {
        await using var harness = await DeliveryHarness.StartAsync(service: o => { o.SendsPerMinute = 1; o.SendsPerHour = 1; });
        var first = harness.Email("premier@example.fr", EmailTemplate.RecoveryLink, validFor: TimeSpan.FromMinutes(30));
        var late = harness.Email("tardif@example.fr", EmailTemplate.RecoveryLink, validFor: TimeSpan.FromMinutes(30));
        await harness.EnqueueAsync(first, late);

        await harness.RunAsync();

        // One send an hour: the second link would arrive dead, so it is never sent nor parked.
        Assert.Equal(1, harness.Delivered(first));
        Assert.Equal(0, harness.Delivered(late));
        Assert.Empty(harness.Outbox.Poison);
        Assert.Equal(0, harness.Outbox.Pending);
        Assert.DoesNotContain(harness.Server.Store.Requests, r => r.RepeatabilityRequestId == late.OperationId.ToString("D") && r.At >= late.ValidUntil!.Value - harness.Options.MinimumValidityAtSend);
    }

    [Fact]
    public async Task Dispatch_QuotaShort_TimeCriticalSentBeforeNotifications()
    {
        await using var harness = await DeliveryHarness.StartAsync(service: o => { o.SendsPerMinute = 1; o.SendsPerHour = 1000; });
        var notices = Enumerable.Range(0, 4).Select(i => harness.Email($"avis{i}@example.fr")).ToArray();
        var links = Enumerable.Range(0, 4).Select(i => harness.Email($"lien{i}@example.fr", EmailTemplate.RecoveryLink, TimeSpan.FromMinutes(30))).ToArray();
        await harness.EnqueueAsync([.. notices, .. links]);

        await harness.RunAsync();

        var delivered = harness.Server.Mailbox.ListMessages().Select(m => m.OperationId).ToList();
        Assert.Equal(8, delivered.Count);

        // One send a minute and all eight due at once: every link is delivered before any notice.
        var lastLink = links.Max(l => delivered.IndexOf(l.OperationId.ToString("D")));
        Assert.Equal(3, lastLink);
        Assert.Empty(harness.Server.Store.EarlyRequests);
    }

    /// <summary>
    /// ACS answers the send Running with a retry-after and ends it 2 s after acceptance; the worker waits up to 5 s in the
    /// run. Within that, the status is read in the same run and nothing is re-queued; beyond it, one status check is
    /// re-queued, hidden at least the retry-after. Either way one status read, never sooner than ACS asked.
    /// </summary>
    [Theory]
    [InlineData(3, 1)]
    [InlineData(8, 2)]
    public async Task Dispatch_AcceptedSend_StatusReadInTheSameRunOnlyWithinTheInlineWait(int retryAfterSeconds, int runs)
    {
        await using var harness = await DeliveryHarness.StartAsync(
            service: o => { o.NotStartedFor = TimeSpan.Zero; o.RunningFor = TimeSpan.FromSeconds(2); o.StatusRetryAfter = TimeSpan.FromSeconds(retryAfterSeconds); },
            worker: o => o.InlineStatusWait = TimeSpan.FromSeconds(5));
        var email = harness.Email("statut@example.fr");
        await harness.EnqueueAsync(email);

        var ran = await harness.RunAsync();

        Assert.Equal(runs, ran.Count);
        Assert.Equal(runs - 1, harness.Outbox.Requeued.Count);
        Assert.All(harness.Outbox.Requeued, r => Assert.True(r.Email.Delivery.Accepted && r.Delay >= TimeSpan.FromSeconds(retryAfterSeconds)));
        Assert.Equal(1, harness.Server.Store.StatusRequests);
        Assert.Equal(1, harness.Delivered(email));
        Assert.Empty(harness.Server.Store.EarlyRequests);
    }

    [Fact]
    public async Task Replay_ParkedAfterAcceptance_LooksUpAndNeverResends()
    {
        await using var harness = await DeliveryHarness.StartAsync(worker: o => o.MaxTransientFailures = 1);
        harness.Server.Faults.Enqueue(LocalAcsFault.LoseResponse());
        var email = harness.Email("rejoue@example.fr");
        await harness.EnqueueAsync(email);
        await harness.RunAsync();
        Assert.Single(harness.Outbox.Poison);

        harness.Clock.Advance(TimeSpan.FromHours(2));
        var replay = new PoisonEmailReplay(harness.Outbox, harness.Clock, Options.Create(harness.Options), NullLogger<PoisonEmailReplay>.Instance);
        Assert.Equal(1, await replay.ReplayAsync());
        await harness.RunAsync();

        Assert.Empty(harness.Outbox.Poison);
        Assert.Equal(1, harness.Server.Store.Requests.Count(r => r.Method == "POST"));
        Assert.Equal(1, harness.Delivered(email));
    }

    [Fact]
    public async Task Replay_ParkedNeverAccepted_SentOnceWithSameOperationId()
    {
        await using var harness = await DeliveryHarness.StartAsync(worker: o => o.MaxTransientFailures = 2);
        harness.Server.Faults.Always(500);
        var email = harness.Email("panne@example.fr");
        await harness.EnqueueAsync(email);
        await harness.RunAsync();
        harness.Server.Faults.Clear();

        var replay = new PoisonEmailReplay(harness.Outbox, harness.Clock, Options.Create(harness.Options), NullLogger<PoisonEmailReplay>.Instance);
        await replay.ReplayAsync();
        await harness.RunAsync();

        var message = Assert.Single(harness.Server.Mailbox.ListMessages());
        Assert.Equal(email.OperationId.ToString("D"), message.OperationId);
        Assert.Empty(harness.Outbox.Poison);
    }
}
