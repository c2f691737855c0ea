using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.DevServices.Email;
using RecoveryFunctions.Infrastructure.Email;
using RecoveryFunctions.Infrastructure.Storage;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Benchmarks;

/// <summary>
/// 500 emails of mixed kinds put on the outbox at once, sent by the app's own queue workers through the real ACS client
/// to the local endpoint with an Azure-managed domain's quotas (5 sends a minute, 10 an hour, 10 status reads a minute,
/// 20 an hour). Those quotas would take 50 hours for 500 emails, so time is scaled: every duration of the service and
/// of the app (quota windows, link lifetimes, outbox age cap, status-check delay) is divided by the time scale; queue
/// delays cannot go below one real second, which is the only thing not scaled.
/// </summary>
public sealed partial class EmailBurstBenchmark(double timeScale, double outboxAgeDays)
{
    private const int Count = 500;

    /// <summary>The mix: links people wait for, and notices (some of which nobody waits for).</summary>
    private static readonly (EmailTemplate Template, int Count)[] Mix =
    [
        (EmailTemplate.RecoveryLink, 100),
        (EmailTemplate.ActivationLink, 100),
        (EmailTemplate.HelpdeskRecoveryLink, 50),
        (EmailTemplate.EmailChangeLink, 50),
        (EmailTemplate.PasswordChanged, 100),
        (EmailTemplate.SecurityQuestionChanged, 50),
        (EmailTemplate.AssistanceAction, 50),
    ];

    public async Task<IReadOnlyList<ReportRow>> RunAsync(CancellationToken cancellationToken = default)
    {
        var logs = new CapturedLogs();
        await using var host = await BenchmarkHost.StartAsync(Settings(), services => services.AddSingleton<ILoggerProvider>(logs).AddSingleton(new AcsEmailClientOptions { StatusReadWindows = (Shrink(TimeSpan.FromMinutes(1)), Shrink(TimeSpan.FromHours(1))) }), cancellationToken);
        var outbox = host.App.Services.GetRequiredService<IEmailOutbox>();
        var store = host.App.Services.GetRequiredService<LocalAcsEmailStore>();
        var names = host.App.Services.GetRequiredService<TableNames>();
        var queues = host.App.Services.GetRequiredService<StorageClients>().Queues;

        // Enqueued on the app's own outbox (lane by kind), each link valid for its lifetime divided by the time scale
        // (the app refuses link lifetimes under a minute, so the burst gives the scaled validity itself).
        var started = Stopwatch.StartNew();
        var startedAt = TimeProvider.System.GetUtcNow();
        var emails = new System.Collections.Concurrent.ConcurrentDictionary<string, OutboxEmail>(StringComparer.OrdinalIgnoreCase);
        var templates = Mix.SelectMany(m => Enumerable.Repeat(m.Template, m.Count)).ToList();
        await Parallel.ForEachAsync(templates.Select((t, i) => (t, i)), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (item, ct) =>
        {
            var now = TimeProvider.System.GetUtcNow();
            var email = new OutboxEmail(Guid.NewGuid(), item.t, $"rafale{item.i}@example.fr", "fr", Values(), Budget: EmailBudget.None)
            {
                EnqueuedAt = now,
                ValidUntil = Lifetime(item.t) is { } lifetime ? now + Shrink(lifetime) : null,
            };
            emails[email.OperationId.ToString("D")] = email;
            await outbox.EnqueueAsync(email, ct);
        });
        var enqueueTime = started.Elapsed;

        var lanes = names.AllQueues.Select(queues.GetQueueClient).ToList();
        var deadline = TimeSpan.FromMinutes(30);
        while (started.Elapsed < deadline)
        {
            var pending = 0;
            foreach (var lane in lanes.Where(l => !l.Name.EndsWith("-poison", StringComparison.Ordinal)))
            {
                pending += (await lane.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
            }

            if (pending == 0)
            {
                break;
            }

            Console.WriteLine($"  {started.Elapsed:mm\\:ss} {pending} pending, {host.Mailbox.ListMessages().Count} delivered, {store.Throttled} 429s");
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        }

        var elapsed = started.Elapsed;
        var messages = host.Mailbox.ListMessages();
        var byOperation = messages.GroupBy(m => m.OperationId).ToDictionary(g => g.Key!, g => g.ToList());
        var parked = 0;
        foreach (var poison in lanes.Where(l => l.Name.EndsWith("-poison", StringComparison.Ordinal)))
        {
            parked += (await poison.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        }

        var dropped = logs.Lines.Count(l => l.Contains("dropped unsent", StringComparison.Ordinal));

        // An email ACS accepted whose status the worker could not read in its re-queues is parked too (a replay reads the
        // status again, never resends): it is in the mailbox, so it counts as delivered, not twice.
        var parkedAfterDelivery = logs.Lines.Count(l => ParkedOperation().Match(l) is { Success: true } park && byOperation.ContainsKey(park.Groups[1].Value));
        var parkedUnsent = parked - parkedAfterDelivery;
        var templateOf = messages.ToDictionary(m => m.FilePath, m => emails[m.OperationId!].Template);
        var acceptedAt = messages.ToDictionary(m => m.FilePath, AcceptedAt);
        var sentTwice = byOperation.Count(g => g.Value.Count > 1);
        var staleSent = messages.Count(m => emails[m.OperationId!].ValidUntil is { } validUntil && acceptedAt[m.FilePath] > validUntil);
        var lost = Count - byOperation.Count - parkedUnsent - dropped;
        var critical = messages.Where(m => EmailUrgency.IsTimeCritical(templateOf[m.FilePath])).Select(m => acceptedAt[m.FilePath] - startedAt).Order().ToList();
        var notices = messages.Where(m => !EmailUrgency.IsTimeCritical(templateOf[m.FilePath])).Select(m => acceptedAt[m.FilePath] - startedAt).Order().ToList();
        var delivered = byOperation.Count;
        var gets = store.StatusRequests;

        string Scaled(TimeSpan real) => $"{real.TotalSeconds:F0} s real = {real.TotalHours * timeScale:F1} h of service time";
        string Spread(List<TimeSpan> list) => list.Count == 0 ? "none delivered" : $"median {Scaled(list[list.Count / 2])}, last {Scaled(list[^1])} ({list.Count} delivered)";
        var f = CultureInfo.InvariantCulture;
        return
        [
            new("6", $"Email burst: {Count} emails at once, managed-domain quotas, time scale ×{timeScale.ToString(f)}, age cap {outboxAgeDays.ToString(f)} d", $"{delivered} delivered ({parkedAfterDelivery} of them parked after ACS took them, their status unread), {dropped} dropped unsent (link dead before a send slot), {parkedUnsent} parked unsent (age or re-queue cap), in {elapsed.TotalSeconds:F0} s (enqueue {enqueueTime.TotalSeconds:F1} s)", "every email accounted for", lost == 0),
            new("6", "Email burst: lost / sent twice / stale link sent", $"{lost} / {sentTwice} / {staleSent}", "0 / 0 / 0", lost == 0 && sentTwice == 0 && staleSent == 0),
            new("6", "Email burst: 429s received (sends and status reads) / send requests", $"{store.Throttled} / {store.SendRequests}", "(comparison)", null),
            new("6", "Email burst: status reads per delivered email", delivered == 0 ? "—" : (gets / (double)delivered).ToString("F2", f), "≤ 2 (20 reads an hour for 10 sends an hour)", delivered > 0 && gets <= 2.0 * delivered),
            new("6", "Email burst: time to delivery, time-critical", Spread(critical), "(comparison)", null),
            new("6", "Email burst: time to delivery, notifications", Spread(notices), "after the time-critical ones", critical.Count == 0 || notices.Count == 0 || notices[notices.Count / 2] >= critical[critical.Count / 2]),
            new("6", "Email burst: requests sooner than the retry-after given", store.EarlyRequests.Count.ToString(f), "0", store.EarlyRequests.Count == 0),
        ];
    }

    /// <summary>When the endpoint accepted a message: the file name starts with it, to the tick (the Date header has whole seconds).</summary>
    private static DateTimeOffset AcceptedAt(LocalMailMessage message)
        => DateTimeOffset.ParseExact(Path.GetFileName(message.FilePath)[..23], "yyyyMMdd'T'HHmmssfffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static TimeSpan? Lifetime(EmailTemplate template) => template switch
    {
        EmailTemplate.ActivationLink => TimeSpan.FromHours(24),
        EmailTemplate.RecoveryLink or EmailTemplate.EmailChangeLink => TimeSpan.FromMinutes(30),
        EmailTemplate.HelpdeskRecoveryLink => TimeSpan.FromHours(12),
        _ => null,
    };

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private TimeSpan Shrink(TimeSpan real) => TimeSpan.FromTicks((long)(real.Ticks / timeScale));

    private static string Time(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    private Dictionary<string, string?> Settings()
    {
        var f = CultureInfo.InvariantCulture;
        return new Dictionary<string, string?>
        {
            // The service: an Azure-managed domain's documented quotas, windows scaled.
            ["LocalAcsEmail:SendsPerMinute"] = "5",
            ["LocalAcsEmail:SendsPerHour"] = "10",
            ["LocalAcsEmail:StatusReadsPerMinute"] = "10",
            ["LocalAcsEmail:StatusReadsPerHour"] = "20",
            ["LocalAcsEmail:TimeScale"] = timeScale.ToString(f),
            ["LocalAcsEmail:NotStartedFor"] = Time(Shrink(TimeSpan.FromSeconds(5))),
            ["LocalAcsEmail:RunningFor"] = Time(Shrink(TimeSpan.FromSeconds(10))),
            ["LocalAcsEmail:StatusRetryAfter"] = Time(Shrink(TimeSpan.FromSeconds(5))),

            // The app: its own durations scaled the same way.
            ["Email:MinimumValidityAtSend"] = Time(Shrink(TimeSpan.FromMinutes(2))),
            ["Email:MaxOutboxAge"] = Time(Max(Shrink(TimeSpan.FromDays(outboxAgeDays)), TimeSpan.FromMinutes(1))),
            ["Email:StatusCheckDelay"] = Time(Shrink(TimeSpan.FromSeconds(10))),
            // Queue delays have whole real seconds; a notice that yields waits 5 s (50 scaled minutes) so that the burst's
            // queue churn stays within what Azurite's in-memory queue garbage collection copes with.
            ["Email:NotificationYieldDelay"] = "00:00:05",

            // The app's own status-read budget: one instance, so the whole quota, over windows scaled as the service's
            // (AcsEmailClientOptions.StatusReadWindows, registered with the host).
            ["Email:StatusReadsPerMinute"] = "10",
            ["Email:StatusReadsPerHour"] = "20",
        };
    }

    private static Dictionary<string, string> Values() => new()
    {
        [EmailValueKeys.ActivationUrl] = "http://localhost:5173/activation#token=t",
        [EmailValueKeys.SignInUrl] = "http://localhost:5173/connexion",
        [EmailValueKeys.AssistanceUrl] = "http://localhost:5173/assistance",
        [EmailValueKeys.RecoveryUrl] = "http://localhost:5173/mot-de-passe-oublie#token=t",
        [EmailValueKeys.ConfirmUrl] = "http://localhost:5173/email#token=t",
        [EmailValueKeys.Code] = "K7PX3MZQ",
        [EmailValueKeys.ExpiresAt] = "10 h 30",
        [EmailValueKeys.Date] = "le 1er décembre 2026",
        [EmailValueKeys.Action] = "consultation",
        [EmailValueKeys.Phone] = "+33 6 ** ** ** 78",
        [EmailValueKeys.Email] = "rafale@example.fr",
        [EmailValueKeys.SubscriberNumber] = "9052005203487",
        [EmailValueKeys.Question] = "Rue",
        [EmailValueKeys.LockedUntil] = "11 h",
        [EmailValueKeys.NewEmailMasked] = "r***@example.fr",
    };

    /// <summary>The operation id in the dispatcher's "Email {Template} ({OperationId}) moved to the poison queue" line.</summary>
    [GeneratedRegex(@"\(([0-9a-f-]{36})\) moved to the poison queue")]
    private static partial Regex ParkedOperation();
}
