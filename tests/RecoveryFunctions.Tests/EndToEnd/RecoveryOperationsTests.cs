using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Infrastructure.Storage;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.EndToEnd;

/// <summary>
/// Issue 23 item 3: the storage and queue operations of one completed forgotten-password journey over HTTP, from the
/// captcha to the confirmation email, counted per step by the pipeline policy on the app's own clients (the real image
/// captcha, so its single-use marker is counted). Each step's list is pinned: a step that gains an operation fails here.
/// The throttle counters live in the cache (docs/decisions/0008-throttles-in-a-cache.md): its commands are counted per
/// step too (StackExchange.Redis's profiling API) and pinned beside the storage lists, so the report stays whole.
/// A step's list includes the operations of the queue worker sending the emails it queued (the step waits for the
/// outbox to be idle); queue GETs (the worker's polls, shared by every message, and the idle checks) are left out. The
/// local ACS answers each send "Running" as Azure does and ends it within the retry-after it gives, so the worker reads
/// the status in the same run (<c>Email:InlineStatusWait</c>) and a delivery-status check put on a queue would show here.
/// The table of counts is in docs/benchmarks.md ("Operations per recovery step").
/// </summary>
public sealed class RecoveryOperationsTests(RecoveryOperationsTests.QuietHostFixture host) : IClassFixture<RecoveryOperationsTests.QuietHostFixture>
{
    /// <summary>
    /// The image-captcha host with its timer functions switched off as the Functions host does it: a monitor firing on the
    /// wall clock's five minutes in the middle of a step would add its own reads to that step's list.
    /// </summary>
    public sealed class QuietHostFixture : ImageCaptchaFixture
    {
        protected override IReadOnlyDictionary<string, string?> Overrides => TimersOff.Concat(base.Overrides).ToDictionary();
    }

    [Fact]
    public async Task Recovery_ByLink_OperationsPerStepPinned()
    {
        var (steps, cache) = await JourneyAsync(byCode: false);

        AssertPinned(steps, Expected.VerifyLink);
        Assert.Equal(Expected.CacheCommands, cache);
    }

    [Fact]
    public async Task Recovery_ByCode_OperationsPerStepPinned()
    {
        var (steps, cache) = await JourneyAsync(byCode: true);

        AssertPinned(steps, Expected.VerifyCode);
        Assert.Equal(Expected.CacheCommands, cache);
    }

    /// <summary>
    /// The forgotten username: the captcha spent by one insert, the account read by its number, the reminder queued, then
    /// sent and deleted by the worker. On the cache, the solved challenge given back and the request counted in one
    /// script, then the worker's email allowance (the give-back and the count were two round trips before 2026-12-07).
    /// </summary>
    [Fact]
    public async Task UsernameReminder_OperationsAndCacheScriptsPinned()
    {
        using var client = new HttpClient(new SocketsHttpHandler()) { BaseAddress = host.Host.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.23");
        var services = host.Host.Services;
        var email = await GraphAccounts.CreateAsync(services, services.GetRequiredService<TimeProvider>().GetUtcNow(), AccountStatus.Active);
        var number = (await services.GetRequiredService<IAccountStore>().FindByEmailAsync(email))!.Account.SubscriberNumber;
        var steps = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var cache = new Dictionary<string, int>(StringComparer.Ordinal);

        var captchaId = await CaptchaStepAsync(client, "username-recovery", steps, cache);
        await StepAsync(steps, cache, "username", async () =>
        {
            using var reminder = await client.PostJsonAsync("/api/username-recovery", new { subscriberNumber = number, captchaId, captchaText = host.Renderer.LastText });
            Assert.Equal(HttpStatusCode.Accepted, reminder.StatusCode);
        });

        Assert.Empty(steps["captcha"]);
        Assert.Equal(["POST tokens", "GET accounts", "POST email-notifications", "DELETE email-notifications"], steps["username"]);
        Assert.Equal(new Dictionary<string, int>(StringComparer.Ordinal) { ["captcha"] = 1, ["username"] = 2 }, cache);
    }

    private static void AssertPinned(Dictionary<string, List<string>> steps, string[] verify)
    {
        // The challenge is sealed into its id (docs/decisions/0009-sealed-captcha.md): issuing it writes no row, and the
        // client's count is a cache command.
        Assert.Empty(steps["captcha"]);
        Assert.Equal(Expected.Identify, steps["identify"]);
        Assert.Equal(verify, steps["verify"]);
        Assert.Equal(Expected.Answer, steps["answer"]);
        Assert.Equal(Expected.Password, steps["password"]);
        // The by-code journey is the by-link one with its verify step swapped.
        Assert.Equal(Expected.Total + verify.Length - Expected.VerifyLink.Length, steps.Values.Sum(s => s.Count));
    }

    /// <summary>
    /// The pinned lists, one place for both journeys (19 operations by link, 20 by code; 20 before the new-password step
    /// stopped closing the flow row, the account recording the completed flow instead, decision 0011; 28 before the
    /// throttle counters moved to the cache, decision 0008; 30 before the answer was recorded on the account and the
    /// password's audit row rode its write, decision 0011; 32 before the mailbox proof's close and open became one
    /// transaction and the link stopped having a row of its own, decision 0010; 34 before the captcha was sealed into its
    /// id, decision 0009; 40 before the delivery status was read in the sending run and identify's throttle pairs became
    /// one; the goal of issue 23 is 20). "POST $batch" is, in verify after the account read, the mailbox flow closed and
    /// the next one opened together, and at the password step the account, its completed flow and its audit row written
    /// together.
    /// </summary>
    private static class Expected
    {
        /// <summary>
        /// The sealed captcha spent by one insert of its marker (a second check meets its 409), the uniform two-read look-up,
        /// the flow row (the link carries its address), the outbox message; then the worker deletes the message once sent.
        /// (The challenge given back and the request counted, and the worker's email allowance, are cache commands:
        /// <see cref="CacheCommands"/>.)
        /// </summary>
        public static readonly string[] Identify =
        [
            "POST tokens", "GET emailindex", "GET accounts", "POST tokens", "POST email-outbox", "DELETE email-outbox",
        ];

        /// <summary>
        /// The flow read at the address the link carries, account read, flow closed under its ETag and answer flow opened in one
        /// transaction, audit row (the request given back: the cache).
        /// </summary>
        public static readonly string[] VerifyLink = ["GET tokens", "GET accounts", "POST $batch", "POST audit"];

        /// <summary>As by link, plus the code attempt counted on the flow before the code is compared.</summary>
        public static readonly string[] VerifyCode = ["GET tokens", "PUT tokens", "GET accounts", "POST $batch", "POST audit"];

        /// <summary>
        /// Flow and account read, the attempt counted, then given back with the answer's fingerprint and this flow recorded
        /// as answered (a keyed hash of its id): the flow row is not written (docs/decisions/0011).
        /// </summary>
        public static readonly string[] Answer = ["GET tokens", "GET accounts", "PUT accounts", "PUT accounts"];

        /// <summary>
        /// Flow and account read, then password, completed flow (a keyed hash of its id) and audit row written in one batch in
        /// the account's partition, the flow row not written (docs/decisions/0011); the notice queued; the worker sends it
        /// and deletes it.
        /// </summary>
        public static readonly string[] Password = ["GET tokens", "GET accounts", "POST $batch", "POST email-notifications", "DELETE email-notifications"];

        /// <summary>The by-link journey.</summary>
        public const int Total = 19;

        /// <summary>
        /// Script evaluations on the throttle cache per step, each one round trip (EVALSHA counted as EVAL): the captcha's
        /// client count; identify's give-back and hit in one script, then the worker's email allowance; verify's request
        /// given back. Answer and password touch no throttle.
        /// </summary>
        public static readonly Dictionary<string, int> CacheCommands = new(StringComparer.Ordinal)
        {
            ["captcha"] = 1, ["identify"] = 2, ["verify"] = 1, ["answer"] = 0, ["password"] = 0,
        };
    }

    private async Task<(Dictionary<string, List<string>> Steps, Dictionary<string, int> CacheCommands)> JourneyAsync(bool byCode)
    {
        // One client address for the whole journey, as one browser has: the captcha and the request given back land on the rows they spent.
        using var client = new HttpClient(new SocketsHttpHandler()) { BaseAddress = host.Host.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", $"203.0.113.{(byCode ? 21 : 22)}");
        var email = await GraphAccounts.CreateAsync(host.Host.Services, host.Host.Services.GetRequiredService<TimeProvider>().GetUtcNow(), AccountStatus.Active);
        await host.WaitForOutboxIdleAsync();
        var steps = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var cache = new Dictionary<string, int>(StringComparer.Ordinal);

        var captchaId = await CaptchaStepAsync(client, "password-recovery", steps, cache);

        string flowId = "";
        await StepAsync(steps, cache, "identify", async () =>
        {
            using var identify = await client.PostJsonAsync("/api/password-recovery", new { email, captchaId, captchaText = host.Renderer.LastText });
            Assert.Equal(HttpStatusCode.Accepted, identify.StatusCode);
            flowId = (await identify.JsonAsync()).GetProperty("flowId").GetString()!;
        });

        var message = await host.RecoveryEmailAsync(email);
        await StepAsync(steps, cache, "verify", async () =>
        {
            using var verify = await client.PostJsonAsync("/api/password-recovery/verify", byCode
                ? new { flowId, code = RecoverySteps.CodeIn(message) }
                : (object)new { token = Journeys.TokenIn(message) });
            Assert.Equal(HttpStatusCode.OK, verify.StatusCode);
            flowId = (await verify.JsonAsync()).GetProperty("flowId").GetString()!;
        });

        await StepAsync(steps, cache, "answer", async () =>
        {
            using var answer = await client.PostJsonAsync("/api/password-recovery/answer", new { flowId, answer = ServiceGraphFixture.AccountAnswer });
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        });
        await StepAsync(steps, cache, "password", async () =>
        {
            using var reset = await client.PostJsonAsync("/api/password-recovery/password", new { flowId, newPassword = RecoverySteps.NewPassword, newPasswordConfirmation = RecoverySteps.NewPassword });
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        });

        return (steps, cache);
    }

    /// <summary>The "captcha" step: a challenge for the step named by <paramref name="purpose"/>; its id.</summary>
    private async Task<string> CaptchaStepAsync(HttpClient client, string purpose, Dictionary<string, List<string>> steps, Dictionary<string, int> cache)
    {
        var captchaId = "";
        await StepAsync(steps, cache, "captcha", async () =>
        {
            using var created = await client.CreateCaptchaAsync(purpose);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            captchaId = (await created.JsonAsync()).GetProperty("captchaId").GetString()!;
        });
        return captchaId;
    }

    /// <summary>
    /// Runs one step and waits until the emails it queued are sent; keeps its operations as "METHOD kind" and counts its
    /// script evaluations on the cache (the connection's own handshakes and keep-alives are no step's).
    /// </summary>
    private async Task StepAsync(Dictionary<string, List<string>> steps, Dictionary<string, int> cache, string name, Func<Task> step)
    {
        host.StorageOperations.Clear();
        _ = host.CacheCommands.Drain();
        await step();
        await host.WaitForOutboxIdleAsync();
        steps[name] = Describe([.. host.StorageOperations.Requests]);
        cache[name] = host.CacheCommands.Drain().Count(c => c.IsScript);
    }

    /// <summary>Queue GETs left out: the worker's polls, shared by every message, and the idle checks.</summary>
    private List<string> Describe(List<StorageRequest> requests)
    {
        var names = host.Host.Services.GetRequiredService<TableNames>();
        string[] queues = [names.EmailQueue, names.EmailNotificationQueue];
        return OperationLabels.Describe(host.Host.Services, [.. requests.Where(r => !(r.Method == "GET" && queues.Contains(r.Resource)))]);
    }
}
