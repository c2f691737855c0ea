using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Dates;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Secrets;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.DevServices.Email;
using RecoveryFunctions.Infrastructure.Email;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Email;

/// <summary>
/// The real dispatcher and ACS client against the strict local endpoint over HTTP, all on one manual clock: every wait
/// the worker asks for (a re-queue delay) moves the clock instead of sleeping, and the endpoint judges the requests by
/// the same clock (quotas, status progression, repeatability window, requests sooner than their retry-after).
/// </summary>
internal sealed class DeliveryHarness : IAsyncDisposable
{
    private DeliveryHarness(LocalAcsEmailServer server, ManualTimeProvider clock, AcsEmailOptions service, EmailOptions options)
    {
        Server = server;
        Clock = clock;
        Options = options;
        Outbox = new InMemoryOutbox(clock);
        Client = new AcsEmailClient(service, new StaticSecretSource(new Dictionary<string, string> { [SecretNames.AcsAccessKey] = server.AccessKey }), null, clock);
        Dispatcher = new EmailDispatcher(new EmailRenderer(new ReadableDates(TimeZoneInfo.Utc)), Client, Outbox, new AllowAllThrottles(), new EmailQuotaGate(), new WaitingClock(clock), Microsoft.Extensions.Options.Options.Create(options), Microsoft.Extensions.Options.Options.Create(new RecoveryOptions()), new RecoveryMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), NullLogger<EmailDispatcher>.Instance);
    }

    public LocalAcsEmailServer Server { get; }

    public ManualTimeProvider Clock { get; }

    public EmailOptions Options { get; }

    public InMemoryOutbox Outbox { get; }

    public AcsEmailClient Client { get; }

    public EmailDispatcher Dispatcher { get; }

    public static async Task<DeliveryHarness> StartAsync(Action<LocalAcsEmailOptions>? service = null, Action<EmailOptions>? worker = null)
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var server = await LocalAcsEmailServer.StartAsync(service, clock);
        var acs = new AcsEmailOptions
        {
            Endpoint = server.Endpoint.ToString(),
            SenderAddress = "DoNotReply@local.test",
            StatusReadsPerMinute = 10_000,
            StatusReadsPerHour = 10_000,
        };
        // Status reads re-queued unless a test asks for the inline read (the re-queue path is what most tests exercise).
        var options = new EmailOptions { StatusCheckDelay = TimeSpan.FromSeconds(1), InlineStatusWait = TimeSpan.Zero };
        worker?.Invoke(options);
        return new DeliveryHarness(server, clock, acs, options);
    }

    /// <summary>An email as the app enqueues it (a notice unless a template says otherwise).</summary>
    public OutboxEmail Email(string to, EmailTemplate template = EmailTemplate.PasswordChanged, TimeSpan? validFor = null) =>
        new(Guid.NewGuid(), template, to, "fr", Values(template), Budget: EmailBudget.None)
        {
            EnqueuedAt = Clock.GetUtcNow(),
            ValidUntil = Clock.GetUtcNow() + validFor,
        };

    public async Task EnqueueAsync(params OutboxEmail[] emails)
    {
        foreach (var email in emails)
        {
            await Outbox.EnqueueAsync(email);
        }
    }

    public Task<List<(DateTimeOffset At, OutboxEmail Email)>> RunAsync() => Outbox.RunUntilIdleAsync(Dispatcher);

    /// <summary>How many .eml files the endpoint wrote for <paramref name="email"/> (by its operation id).</summary>
    public int Delivered(OutboxEmail email) => Server.Mailbox.ListMessages().Count(m => m.OperationId == email.OperationId.ToString("D"));

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();

    private static Dictionary<string, string> Values(EmailTemplate template) => template switch
    {
        EmailTemplate.RecoveryLink => new() { [EmailValueKeys.RecoveryUrl] = "https://espace.example.fr/r#token=t", [EmailValueKeys.Code] = "K7PX3MZQ", [EmailValueKeys.ExpiresAt] = "10 h 30", [EmailValueKeys.AssistanceUrl] = "https://espace.example.fr/aide" },
        _ => new() { [EmailValueKeys.Date] = "le 1er décembre 2026", [EmailValueKeys.AssistanceUrl] = "https://espace.example.fr/aide" },
    };

    /// <summary>The manual clock as the dispatcher sees it: a wait it awaits in a run moves the clock instead of sleeping.</summary>
    private sealed class WaitingClock(ManualTimeProvider clock) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            clock.Advance(dueTime);
            ThreadPool.QueueUserWorkItem(_ => callback(state));
            return new FiredTimer();
        }

        private sealed class FiredTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => false;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    private sealed class AllowAllThrottles : IThrottleStore
    {
        public Task<ThrottleDecision> HitAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan window, CancellationToken cancellationToken = default)
            => Task.FromResult(new ThrottleDecision(true, TimeSpan.Zero));

        public Task<ThrottleDecision> CheckAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan window, CancellationToken cancellationToken = default)
            => Task.FromResult(new ThrottleDecision(true, TimeSpan.Zero));

        public Task<IReadOnlyList<int>> CountAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan window, CancellationToken cancellationToken = default)
            => Task.FromResult<IReadOnlyList<int>>([.. counters.Select(_ => 0)]);

        public Task RefundAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan window, int hits = 1, CancellationToken cancellationToken = default)
            => Task.CompletedTask;
    }
}
