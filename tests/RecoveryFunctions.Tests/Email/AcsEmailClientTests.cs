using System.Globalization;
using RecoveryFunctions.Core.Dates;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Secrets;
using RecoveryFunctions.DevServices.Email;
using RecoveryFunctions.Infrastructure.Email;

namespace RecoveryFunctions.Tests.Email;

/// <summary>
/// The real client and worker against the strict local endpoint under each failure the service documents: every wait
/// honoured (the endpoint records any request sooner than the retry-after it gave), the repeatability headers kept
/// across retries, and each email delivered exactly once.
/// </summary>
public sealed class AcsEmailClientTests
{
    private const string Recipient = "usager@example.fr";

    [Fact]
    public async Task Send_SignedRequest_WritesOneEmlWithEveryPart()
    {
        await using var server = await LocalAcsEmailServer.StartAsync();
        var email = new EmailRenderer(new ReadableDates(TimeZoneInfo.Utc)).Render(EmailTemplate.RecoveryLink, "fr", new Dictionary<string, string>
        {
            [EmailValueKeys.RecoveryUrl] = "https://espace.example.fr/recuperation#token=abc",
            [EmailValueKeys.Code] = "K7PX3MZQ",
            [EmailValueKeys.ExpiresAt] = "27/11/2026 à 10:30",
        });

        var result = await Client(server).SendAsync(new EmailSendRequest(Recipient, email, Guid.NewGuid(), TimeProvider.System.GetUtcNow()));

        Assert.Equal(EmailSendOutcome.Accepted, result.Outcome);
        Assert.Equal(server.Options.StatusRetryAfter, result.RetryAfter);
        var message = Assert.Single(server.Mailbox.ListMessages());
        Assert.Equal(Recipient, message.To);
        Assert.Equal("DoNotReply@local.test", message.From);
        Assert.Equal(email.Subject, message.Subject);
        Assert.Equal(email.PlainText, message.TextBody);
        Assert.Equal(email.Html, message.HtmlBody);
    }

    [Fact]
    public async Task Deliver_SendingQuotaExceeded_WaitsRetryAfterAndDeliversEachOnce()
    {
        await using var harness = await DeliveryHarness.StartAsync(service: o => { o.SendsPerMinute = 2; o.SendsPerHour = 4; });
        var emails = Enumerable.Range(0, 6).Select(i => harness.Email($"usager{i}@example.fr")).ToArray();
        await harness.EnqueueAsync(emails);
        var started = harness.Clock.GetUtcNow();

        await harness.RunAsync();

        Assert.All(emails, e => Assert.Equal(1, harness.Delivered(e)));
        Assert.True(harness.Server.Store.Throttled >= 1);
        Assert.Empty(harness.Server.Store.EarlyRequests);
        Assert.Empty(harness.Outbox.Poison);

        // 6 emails at 4 an hour: the last two cannot have gone before the hour was over.
        Assert.True(harness.Clock.GetUtcNow() - started >= TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task Deliver_ThrottledSend_OnlyOne429PerWindowForABurst()
    {
        await using var harness = await DeliveryHarness.StartAsync(service: o => { o.SendsPerMinute = 1; o.SendsPerHour = 1000; });
        var emails = Enumerable.Range(0, 5).Select(i => harness.Email($"rafale{i}@example.fr")).ToArray();
        await harness.EnqueueAsync(emails);

        await harness.RunAsync();

        Assert.All(emails, e => Assert.Equal(1, harness.Delivered(e)));

        // The worker's gate keeps the other emails of the burst from asking while the first 429's Retry-After runs.
        Assert.True(harness.Server.Store.Throttled <= 8, $"{harness.Server.Store.Throttled} 429s");
        Assert.Empty(harness.Server.Store.EarlyRequests);
    }

    [Fact]
    public async Task Deliver_OperationRunning_ReadsStatusOnlyAfterEachRetryAfter()
    {
        await using var harness = await DeliveryHarness.StartAsync(service: o =>
        {
            o.NotStartedFor = TimeSpan.FromSeconds(3);
            o.RunningFor = TimeSpan.FromSeconds(20);
            o.StatusRetryAfter = TimeSpan.FromSeconds(8);
        });
        var email = harness.Email(Recipient);
        await harness.EnqueueAsync(email);

        await harness.RunAsync();

        var reads = harness.Server.Store.Requests.Where(r => r.Method == "GET").Select(r => r.At).ToList();
        Assert.Equal(3, reads.Count); // 8 s and 16 s after the 202: Running; 24 s: Succeeded (it ended at 23 s)
        Assert.All(reads.Zip(reads.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromSeconds(8)));
        Assert.Empty(harness.Server.Store.EarlyRequests);
        Assert.Equal(1, harness.Delivered(email));
        Assert.Empty(harness.Outbox.Poison);
    }

    [Fact]
    public async Task Deliver_ServerErrorWithRetryAfter_WaitsItAndKeepsRepeatabilityHeaders()
    {
        await using var harness = await DeliveryHarness.StartAsync();
        harness.Server.Faults.Enqueue(new LocalAcsFault(503, TimeSpan.FromSeconds(45)), new LocalAcsFault(500));
        var email = harness.Email(Recipient);
        await harness.EnqueueAsync(email);

        await harness.RunAsync();

        var posts = harness.Server.Store.Requests.Where(r => r.Method == "POST").ToList();
        Assert.Equal(3, posts.Count);
        Assert.True(posts[1].At - posts[0].At >= TimeSpan.FromSeconds(45));
        Assert.True(posts[2].At - posts[1].At >= harness.Options.TransientRetryDelay * 2);
        Assert.All(posts, p => Assert.Equal(email.OperationId.ToString("D"), p.RepeatabilityRequestId));
        Assert.All(posts, p => Assert.Equal(email.OperationId.ToString("D"), p.OperationId));
        var firstSent = DateTimeOffset.ParseExact(posts[0].RepeatabilityFirstSent!, "r", CultureInfo.InvariantCulture);
        Assert.Equal(posts[0].At.AddTicks(-(posts[0].At.Ticks % TimeSpan.TicksPerSecond)), firstSent);
        Assert.All(posts, p => Assert.Equal(posts[0].RepeatabilityFirstSent, p.RepeatabilityFirstSent));
        Assert.Equal(1, harness.Delivered(email));
        Assert.Empty(harness.Server.Store.EarlyRequests);
    }

    [Fact]
    public async Task Deliver_AcceptedThenResponseLost_RetrySameRequestDeliversOnce()
    {
        await using var harness = await DeliveryHarness.StartAsync();
        harness.Server.Faults.Enqueue(LocalAcsFault.LoseResponse());
        var email = harness.Email(Recipient);
        await harness.EnqueueAsync(email);

        await harness.RunAsync();

        Assert.Equal(2, harness.Server.Store.Requests.Count(r => r.Method == "POST"));
        Assert.Equal(1, harness.Delivered(email));
        Assert.Empty(harness.Outbox.Poison);
    }

    [Fact]
    public async Task Deliver_ResponseLostAndRetryPastRepeatabilityWindow_LooksUpInsteadOfResending()
    {
        await using var harness = await DeliveryHarness.StartAsync(worker: o => o.TransientRetryDelay = TimeSpan.FromMinutes(6));
        harness.Server.Faults.Enqueue(LocalAcsFault.LoseResponse());
        var email = harness.Email(Recipient);
        await harness.EnqueueAsync(email);

        await harness.RunAsync();

        Assert.Equal(1, harness.Server.Store.Requests.Count(r => r.Method == "POST"));
        Assert.Equal(1, harness.Delivered(email));
        Assert.Empty(harness.Outbox.Poison);
    }

    [Fact]
    public async Task Send_RepeatWhileFirstInProgress_409IsAcceptedNotPermanent()
    {
        await using var server = await LocalAcsEmailServer.StartAsync();
        server.Faults.Enqueue(LocalAcsFault.Hold(TimeSpan.FromSeconds(2)));
        var client = Client(server);
        var request = new EmailSendRequest(Recipient, Sample(), Guid.NewGuid(), TimeProvider.System.GetUtcNow());

        var first = client.SendAsync(request);
        await server.Faults.WaitForSendFaultTakenAsync();

        var repeat = await client.SendAsync(request);
        var firstResult = await first;

        Assert.Equal(EmailSendOutcome.Accepted, repeat.Outcome);
        Assert.Contains("409", repeat.Detail, StringComparison.Ordinal);
        Assert.Equal(EmailSendOutcome.Accepted, firstResult.Outcome);
        Assert.Single(server.Mailbox.ListMessages());
    }

    [Fact]
    public async Task Deliver_OperationEndsFailed_ParkedOnPoisonNotResent()
    {
        await using var harness = await DeliveryHarness.StartAsync();
        harness.Server.Faults.Enqueue(LocalAcsFault.FailDelivery());
        var email = harness.Email(Recipient);
        await harness.EnqueueAsync(email);

        await harness.RunAsync();

        Assert.Equal(email.OperationId, Assert.Single(harness.Outbox.Poison).OperationId);
        Assert.Equal(1, harness.Server.Store.Requests.Count(r => r.Method == "POST"));
        Assert.Equal(0, harness.Delivered(email));
    }

    [Fact]
    public async Task Deliver_StatusReadThrottled_WaitsItsRetryAfter()
    {
        await using var harness = await DeliveryHarness.StartAsync();
        harness.Server.Faults.EnqueueStatus(new LocalAcsFault(429, TimeSpan.FromSeconds(30)), new LocalAcsFault(503));
        var email = harness.Email(Recipient);
        await harness.EnqueueAsync(email);

        await harness.RunAsync();

        var reads = harness.Server.Store.Requests.Where(r => r.Method == "GET").ToList();
        Assert.Equal(3, reads.Count);
        Assert.True(reads[1].At - reads[0].At >= TimeSpan.FromSeconds(30));
        Assert.Empty(harness.Server.Store.EarlyRequests);
        Assert.Equal(1, harness.Server.Store.Requests.Count(r => r.Method == "POST"));
    }

    /// <param name="timeScale">1: ACS's minute and hour (the default windows); 10: windows shortened as a time-scaled endpoint's.</param>
    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public async Task GetStatus_OverThisInstanceBudget_NotSentAndToldWhenFree(int timeScale)
    {
        await using var server = await LocalAcsEmailServer.StartAsync();
        var clock = new TestSupport.ManualTimeProvider(TimeProvider.System.GetUtcNow());
        var options = Options(server.Endpoint);
        options.StatusReadsPerMinute = 2;
        options.StatusReadsPerHour = 3;
        var (minute, hour) = (TimeSpan.FromMinutes(1) / timeScale, TimeSpan.FromHours(1) / timeScale);
        var client = new AcsEmailClient(options, Secrets(server.AccessKey), null, clock,
            timeScale == 1 ? null : new AcsEmailClientOptions { StatusReadWindows = (minute, hour) });

        var results = new List<EmailSendResult>();
        for (var i = 0; i < 3; i++)
        {
            results.Add(await client.GetStatusAsync(Guid.NewGuid()));
        }

        clock.Advance(minute);
        results.Add(await client.GetStatusAsync(Guid.NewGuid()));
        results.Add(await client.GetStatusAsync(Guid.NewGuid()));

        Assert.Equal([EmailSendOutcome.NotFound, EmailSendOutcome.NotFound, EmailSendOutcome.Throttled, EmailSendOutcome.NotFound, EmailSendOutcome.Throttled], results.Select(r => r.Outcome));
        Assert.Equal(minute, results[2].RetryAfter);
        Assert.Equal(hour - minute, results[4].RetryAfter);
        Assert.Equal(3, server.Store.StatusRequests);
    }

    [Fact]
    public async Task Send_WrongKey_ReturnsPermanentFailure()
    {
        await using var server = await LocalAcsEmailServer.StartAsync();
        var otherKey = Convert.ToBase64String(new byte[32]);

        var result = await Client(server, accessKey: otherKey).SendAsync(new EmailSendRequest(Recipient, Sample(), Guid.NewGuid(), TimeProvider.System.GetUtcNow()));

        Assert.Equal(EmailSendOutcome.PermanentFailure, result.Outcome);
        Assert.Contains("401", result.Detail, StringComparison.Ordinal);
        Assert.Empty(server.Mailbox.ListMessages());
    }

    [Fact]
    public async Task Send_ClockTwentyMinutesOff_ReturnsPermanentFailure()
    {
        await using var server = await LocalAcsEmailServer.StartAsync();
        var skewed = new FixedTimeProvider(TimeProvider.System.GetUtcNow().AddMinutes(-20));

        var result = await Client(server, timeProvider: skewed).SendAsync(new EmailSendRequest(Recipient, Sample(), Guid.NewGuid(), skewed.GetUtcNow()));

        Assert.Equal(EmailSendOutcome.PermanentFailure, result.Outcome);
        Assert.Empty(server.Mailbox.ListMessages());
    }

    [Fact]
    public async Task Send_NothingListening_ReturnsUncertainTransientFailure()
    {
        var options = Options(new Uri("http://127.0.0.1:1"));

        var result = await new AcsEmailClient(options, Secrets(Convert.ToBase64String(new byte[32])), null, TimeProvider.System)
            .SendAsync(new EmailSendRequest(Recipient, Sample(), Guid.NewGuid(), TimeProvider.System.GetUtcNow()));

        Assert.Equal(EmailSendOutcome.TransientFailure, result.Outcome);
        Assert.True(result.Uncertain);
    }

    private static AcsEmailClient Client(LocalAcsEmailServer server, string? accessKey = null, TimeProvider? timeProvider = null) =>
        new(Options(server.Endpoint), Secrets(accessKey ?? server.AccessKey), credential: null, timeProvider ?? TimeProvider.System);

    private static AcsEmailOptions Options(Uri endpoint) => new()
    {
        Endpoint = endpoint.ToString(),
        SenderAddress = "DoNotReply@local.test",
    };

    private static StaticSecretSource Secrets(string accessKey) =>
        new(new Dictionary<string, string> { [SecretNames.AcsAccessKey] = accessKey });

    private static RenderedEmail Sample() => new("Objet de test – été", "<p>Bonjour</p>", "Bonjour");
}
