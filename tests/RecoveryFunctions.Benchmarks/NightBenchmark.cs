using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Passwords;
using RecoveryFunctions.DevServices.Email;
using RecoveryFunctions.Infrastructure.Storage;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Benchmarks;

/// <summary>
/// Issue 23 item 1, <c>--night</c>: the deadline night's mix driven through the HTTP API of the host substitute on
/// Azurite, each person from their own client address behind the trusted front end, every storage operation recorded
/// with its table, partition and account (queues included), then scaled to the night by <see cref="NightScale"/>.
/// Per 100 people: 100 sign-ins (2 with a wrong password, the 98 others read their account space), 10 forgotten-password
/// journeys (captcha to confirmation email, half by the emailed link, half by the code), 1 forgotten username (captcha
/// and request). Each person has their own account, signing in from a client the account does not know yet (a yearly
/// deadline is past the familiar-client lifetime). The real image captcha runs, drawn by the app's own renderer; the
/// driver looks each image's text up (<see cref="ReadableCaptchas"/>), so each captcha's single-use marker is written as
/// in production.
/// </summary>
public sealed class NightBenchmark(int people)
{
    private const int Concurrency = 24;
    private static readonly TimeSpan MailTimeout = TimeSpan.FromSeconds(120);

    public async Task<IReadOnlyList<ReportRow>> RunAsync(CancellationToken cancellationToken = default)
    {
        await using var host = await StartHostAsync(services => services.PostConfigure<StorageOptions>(PlaceTables), cancellationToken);
        var services = host.App.Services;
        var names = services.GetRequiredService<TableNames>();

        Console.WriteLine($"  {people} accounts…");
        var accounts = await CreatePeopleAsync(services, 0, people, cancellationToken);

        using var mail = new MailWatch(host.Mailbox);
        host.Requests.Clear();
        _ = host.CacheCommands.Drain();
        var loadBefore = MachineDescription.LoadAverage();
        var clock = Stopwatch.StartNew();
        var done = 0;
        var signIns = 0;
        await Parallel.ForEachAsync(accounts, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (person, ct) =>
        {
            await PersonAsync(host, mail, person, ct);
            Interlocked.Increment(ref signIns);
            if (Interlocked.Increment(ref done) % 250 == 0)
            {
                Console.WriteLine($"  {clock.Elapsed:mm\\:ss} {done} people");
            }
        });
        await services.WaitForOutboxIdleAsync();
        var driven = clock.Elapsed;
        var loadAfter = MachineDescription.LoadAverage();

        var requests = host.Requests.Requests.ToList();
        var scripts = host.CacheCommands.Drain().Count(c => c.IsScript);
        var scale = new NightScale(signIns);
        var prefix = host.TablePrefix;
        var clients = services.GetRequiredService<StorageClients>();
        var loads = scale.Loads(requests, n => n.StartsWith(prefix, StringComparison.Ordinal) ? n[prefix.Length..] : n, target => target.IsMessage
            ? StorageOptions.ConnectionStringKey
            : clients.Spread(target.Resource) is var spread ? spread.ConnectionNames[spread.IndexOf(target.Partition)] : "");
        var rows = Rows(scale, loads, requests, driven, loadBefore, loadAfter, signIns);

        // The throttle counters are cache scripts, not table partitions (decision 0008): their rate beside the storage's.
        rows.Insert(2, new("N", "Night: throttle cache script evaluations a second at 1,700 sign-ins/s (EVAL/EVALSHA; compare with the SKU's published throughput)",
            FormattableString.Invariant($"{scale.PerSecond(scripts):N0}/s ({scripts} recorded)"), "(comparison)", null));
        return rows;
    }

    /// <summary>
    /// The host of the night and of <see cref="ThroughputBenchmark"/>: the trusted front end (each person's own client
    /// address), the timers off, the real image captcha, drawn by the app's renderer and readable by the driver
    /// (<see cref="ReadableCaptchas"/>).
    /// </summary>
    internal static Task<BenchmarkHost> StartHostAsync(Action<IServiceCollection> services, CancellationToken cancellationToken)
    {
        var settings = LocalHostFixture.TrustedFrontEnd.Concat(LocalHostFixture.TimersOff)
            .Append(KeyValuePair.Create("Captcha:Mode", (string?)"Image")).ToDictionary();
        return BenchmarkHost.StartAsync(settings, collection =>
        {
            ReadableCaptchas.Register(collection);
            services(collection);
        }, cancellationToken);
    }

    /// <summary>One active account per person (one shared Argon2id hash each for the password and the answer), stored directly.</summary>
    internal static async Task<Person[]> CreatePeopleAsync(IServiceProvider services, int firstIndex, int count, CancellationToken cancellationToken)
    {
        var hasher = services.GetRequiredService<IPasswordHasher>();
        var hashes = (hasher.Hash(ServiceGraphFixture.AccountPassword), hasher.Hash(ServiceGraphFixture.AccountAnswer));
        var now = TimeProvider.System.GetUtcNow();
        var people = new Person[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var email = await GraphAccounts.CreateAsync(services, now.AddYears(-2), AccountStatus.Active, hashes: hashes);
            var account = await services.GetRequiredService<IAccountStore>().FindByEmailAsync(email, ct) ?? throw new InvalidOperationException("Account not stored.");
            people[i] = new Person(firstIndex + i, email, account.Account.SubscriberNumber);
        });
        return people;
    }

    /// <summary>
    /// The deployment's spread of the tables over storage accounts (infra/modules/resources.bicep, <c>tableAccounts</c>),
    /// each connection here on the same Azurite: the operations are reported per configured account.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Placement = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Accounts"] = "StorageAccounts",
        ["EmailIndex"] = "StorageAccounts",
        ["Audit"] = "StorageAccounts",
        ["Throttles"] = "StorageThrottles1,StorageThrottles2,StorageThrottles3",
    };

    private static void PlaceTables(StorageOptions options)
    {
        foreach (var (family, connections) in Placement)
        {
            options.Accounts[family] = connections;
            foreach (var name in options.ConnectionNamesOf(family))
            {
                options.Connections[name] = new StorageConnection(options.ConnectionString, null);
            }
        }
    }

    private static List<ReportRow> Rows(NightScale scale, IReadOnlyList<NightLoad> loads, List<StorageRequest> requests, TimeSpan driven, string loadBefore, string loadAfter, int signIns)
    {
        var f = CultureInfo.InvariantCulture;
        var transactions = requests.Count(r => r.Targets.Count > 0);
        var rows = new List<ReportRow>
        {
            new("N", $"Night: {signIns} people driven ({signIns} sign-ins, {signIns / 10} forgotten passwords, {signIns / 100} forgotten usernames) in {driven.TotalSeconds:F0} s, load average before {loadBefore}, after {loadAfter}",
                FormattableString.Invariant($"{transactions} storage requests recorded, {requests.Sum(r => r.Targets.Count)} entities and messages; scaled ×{scale.PerSecond(1):F3}/s per recorded operation"), "(comparison)", null),
            new("N", "Night: storage requests a second at 1,700 sign-ins/s, all accounts; over the 30 minutes",
                FormattableString.Invariant($"{scale.PerSecond(transactions):N0}/s; {scale.PerSecond(transactions) * NightScale.NightLength.TotalSeconds:N0}"), "(comparison)", null),
        };
        foreach (var scope in (NightScope[])[NightScope.Account, NightScope.Table, NightScope.Queue, NightScope.Partition])
        {
            var shown = loads.Where(l => l.Scope == scope).ToList();
            foreach (var load in scope == NightScope.Partition ? shown.Take(15) : shown)
            {
                var unit = scope switch { NightScope.Partition => "entities/s", NightScope.Queue => "messages/s", _ => "requests/s" };
                var limit = scope switch
                {
                    NightScope.Partition => "≤ 50 % of 2,000 entities/s per partition",
                    NightScope.Queue => "≤ 50 % of ~2,000 messages/s per queue",
                    NightScope.Table => "(share of one account's 20,000/s)",
                    _ => "≤ 50 % of 20,000 requests/s per account",
                };
                var what = scope switch { NightScope.Table => "requests to", NightScope.Queue => "queue", NightScope.Partition => "partition", _ => "account" };
                rows.Add(new("N", $"Night: {what} {load.Name}", FormattableString.Invariant($"{load.PerSecond:N0} {unit} = {load.Share:P0} ({load.Recorded} recorded)"), limit,
                    scope == NightScope.Table ? null : load.WithinHalf));
            }

            if (scope == NightScope.Partition)
            {
                rows.Add(new("N", "Night: table partitions touched / above 50 % of their target", $"{shown.Count} / {shown.Count(l => !l.WithinHalf)}", "0 above", shown.All(l => l.WithinHalf)));
            }
        }

        return rows;
    }

    /// <summary>One person's evening: sign in (or fail to), read the account space; some forget their password or username.</summary>
    private static async Task PersonAsync(BenchmarkHost host, MailWatch mail, Person person, CancellationToken cancellationToken)
    {
        var client = host.Client;
        var address = person.Address;
        var wrongPassword = person.Index % 50 == 7;
        using (var signIn = await SendAsync(client, address, HttpMethod.Post, "/api/sessions", new { email = person.Email, password = wrongPassword ? "Mauvais-Mot-De-Passe-1" : ServiceGraphFixture.AccountPassword }, null, cancellationToken))
        {
            if (wrongPassword)
            {
                await ExpectAsync(signIn, HttpStatusCode.Unauthorized, "sign-in, wrong password");
            }
            else
            {
                await ExpectAsync(signIn, HttpStatusCode.Created, "sign-in");
                var session = (await signIn.JsonAsync()).GetProperty("sessionToken").GetString();
                using var space = await SendAsync(client, address, HttpMethod.Get, "/api/account", null, session, cancellationToken);
                await ExpectAsync(space, HttpStatusCode.OK, "account space");
            }
        }

        if (person.Index % 10 == 3)
        {
            await RecoverPasswordAsync(host, mail, address, person, byCode: person.Index % 20 == 13, cancellationToken);
        }

        if (person.Index % 100 == 61)
        {
            var (captchaId, captchaText) = await CaptchaAsync(host, address, "username-recovery", cancellationToken);
            using var username = await SendAsync(client, address, HttpMethod.Post, "/api/username-recovery", new { subscriberNumber = person.SubscriberNumber, captchaId, captchaText }, null, cancellationToken);
            await ExpectAsync(username, HttpStatusCode.Accepted, "forgotten username");
        }
    }

    private static async Task RecoverPasswordAsync(BenchmarkHost host, MailWatch mail, string address, Person person, bool byCode, CancellationToken cancellationToken)
    {
        var client = host.Client;
        var (captchaId, captchaText) = await CaptchaAsync(host, address, "password-recovery", cancellationToken);
        var waiting = mail.Next(person.Email);
        string flowId;
        using (var identify = await SendAsync(client, address, HttpMethod.Post, "/api/password-recovery", new { email = person.Email, captchaId, captchaText }, null, cancellationToken))
        {
            await ExpectAsync(identify, HttpStatusCode.Accepted, "recovery identify");
            flowId = (await identify.JsonAsync()).GetProperty("flowId").GetString()!;
        }

        var message = await waiting.WaitAsync(MailTimeout, cancellationToken);
        using (var verify = await SendAsync(client, address, HttpMethod.Post, "/api/password-recovery/verify", byCode ? new { flowId, code = RecoverySteps.CodeIn(message) } : (object)new { token = Journeys.TokenIn(message) }, null, cancellationToken))
        {
            await ExpectAsync(verify, HttpStatusCode.OK, "recovery verify");
            flowId = (await verify.JsonAsync()).GetProperty("flowId").GetString()!;
        }

        using (var answer = await SendAsync(client, address, HttpMethod.Post, "/api/password-recovery/answer", new { flowId, answer = ServiceGraphFixture.AccountAnswer }, null, cancellationToken))
        {
            await ExpectAsync(answer, HttpStatusCode.OK, "recovery answer");
        }

        var password = HttpJourney.NewPassword();
        using var reset = await SendAsync(client, address, HttpMethod.Post, "/api/password-recovery/password", new { flowId, newPassword = password, newPasswordConfirmation = password }, null, cancellationToken);
        await ExpectAsync(reset, HttpStatusCode.OK, "recovery password");
    }

    /// <summary>A challenge for one step and its text, looked up from its image (<see cref="ReadableCaptchas"/>).</summary>
    internal static async Task<(string Id, string Text)> CaptchaAsync(BenchmarkHost host, string address, string purpose, CancellationToken cancellationToken)
    {
        using var created = await SendAsync(host.Client, address, HttpMethod.Post, "/api/captchas", new { purpose }, null, cancellationToken);
        await ExpectAsync(created, HttpStatusCode.Created, "captcha");
        var body = await created.JsonAsync();
        var image = body.GetProperty("image").GetString()!;
        var png = Convert.FromBase64String(image[(image.IndexOf(',', StringComparison.Ordinal) + 1)..]);
        return (body.GetProperty("captchaId").GetString()!, host.App.Services.GetRequiredService<ReadableCaptchas>().TextOf(png));
    }

    /// <summary>A request from the person's client address, as the trusted front end forwards it.</summary>
    internal static async Task<HttpResponseMessage> SendAsync(HttpClient client, string address, HttpMethod method, string path, object? body, string? bearer, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Forwarded-For", address);
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }

        return await client.SendAsync(request, cancellationToken);
    }

    internal static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode expected, string step)
    {
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{step}: expected {(int)expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    internal sealed record Person(int Index, string Email, string SubscriberNumber)
    {
        /// <summary>The person's own client address, as the trusted front end forwards it.</summary>
        public string Address => new IPAddress([198, (byte)(18 + (Index >> 16)), (byte)(Index >> 8), (byte)Index]).ToString();
    }

    /// <summary>
    /// One reader of the mailbox folder for every waiting person: each new .eml is parsed once and handed to whoever
    /// waits for its recipient (many waiters each re-reading the whole folder would cost more than the app).
    /// </summary>
    internal sealed class MailWatch : IDisposable
    {
        private readonly LocalMailbox _mailbox;
        private readonly ConcurrentDictionary<string, TaskCompletionSource<LocalMailMessage>> _waiting = new(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public MailWatch(LocalMailbox mailbox)
        {
            _mailbox = mailbox;
            _loop = Task.Run(LoopAsync);
        }

        /// <summary>The next email to <paramref name="email"/> (registered before the request that sends it).</summary>
        public Task<LocalMailMessage> Next(string email)
            => _waiting.GetOrAdd(email, _ => new TaskCompletionSource<LocalMailMessage>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        private async Task LoopAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                foreach (var path in Directory.EnumerateFiles(_mailbox.Directory, "*.eml").Where(_seen.Add).Order(StringComparer.Ordinal).ToList())
                {
                    var message = LocalMailbox.Read(path);
                    var to = _waiting.Keys.FirstOrDefault(k => message.To.Contains(k, StringComparison.OrdinalIgnoreCase) && message.TextBody?.Contains("#token=", StringComparison.Ordinal) == true);
                    if (to is not null && _waiting.TryRemove(to, out var waiter))
                    {
                        waiter.TrySetResult(message);
                    }
                }

                try
                {
                    await Task.Delay(100, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _loop.Wait();
            _stop.Dispose();
        }
    }
}
