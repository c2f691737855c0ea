using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Core.Passwords;
using RecoveryFunctions.Core.RecoveryCodes;
using RecoveryFunctions.Core.Tokens;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Benchmarks;

/// <summary>
/// Figure 6 (<c>--timing</c>): can a client tell account states apart by response time? For each public step
/// that takes an address or a number (sign-in with a wrong password, registration, identify, username recovery, a
/// wrong saved recovery code — active accounts there have a set, locked ones a recovery lock),
/// requests for unknown, pending, locked and active accounts are sent one at a time, the states interleaved so
/// background work (the email worker) falls on all of them alike, and each state is compared with unknown by
/// its median and a two-sided Mann–Whitney test. Per-account limits keep their defaults (each account is used at
/// most <see cref="UsesPerAccount"/> times per step); only the per-client limits are lifted (<see cref="BenchmarkHost"/>), as one
/// driver stands for many clients.
/// </summary>
public sealed class TimingBenchmark(BenchmarkHost host, BenchmarkOptions options)
{
    public const double MinimumP = 0.01;
    // 3, not more: the recovery-code step counts each typed address 3 times a day (the third use queues the lock
    // notice for every state alike, so unknown addresses are reused as often as known ones there).
    private const int UsesPerAccount = 3;
    private const string WrongRecoveryCode = "2345-6789-ABCD-EFGH-JKMN-PQRS";
    private const int WarmUp = 20;
    private const string WrongPassword = "Mauvais-Essai-0000";
    private static readonly string[] States = ["unknown", "pending", "locked", "active"];

    public async Task<IReadOnlyList<ReportRow>> RunAsync(CancellationToken cancellationToken = default)
    {
        var samples = options.TimingSamples;
        var pools = await CreatePoolsAsync((samples / UsesPerAccount) + 1, cancellationToken);
        var steps = new (string Name, HttpStatusCode Expected, Func<string, int, HttpRequestMessage> Request)[]
        {
            ("sign-in, wrong password", HttpStatusCode.Unauthorized, (state, i) => Post("/api/sessions", new { email = EmailOf(pools, state, i), password = WrongPassword })),
            ("registration", HttpStatusCode.Accepted, (state, i) => Post("/api/accounts", Journeys.RegistrationBody(EmailOf(pools, state, i)))),
            ("identify (forgotten password)", HttpStatusCode.Accepted, (state, i) => Post("/api/password-recovery", new { email = EmailOf(pools, state, i), captchaId = "any", captchaText = "any" })),
            ("username recovery", HttpStatusCode.Accepted, (state, i) => Post("/api/username-recovery", new { subscriberNumber = NumberOf(pools, state, i), captchaId = "any", captchaText = "any" })),
            ("recovery code (wrong code)", HttpStatusCode.BadRequest, (state, i) => Post("/api/password-recovery/recovery-code", new { email = i < 0 ? Journeys.NewEmail("echauffement") : pools[state][i % pools[state].Count].Email, recoveryCode = WrongRecoveryCode, captchaId = "any", captchaText = "any" })),
        };

        var rows = new List<ReportRow>();
        foreach (var (name, expected, request) in steps)
        {
            Console.WriteLine($"Timing {name}…");
            rows.AddRange(Compare(name, await MeasureAsync(samples, expected, request, cancellationToken), "unknown"));
        }

        return rows;
    }

    /// <summary>Each state against <paramref name="baseline"/>: medians, the two-sided Mann–Whitney p and the effect size A.</summary>
    internal static IEnumerable<ReportRow> Compare(string step, IReadOnlyDictionary<string, List<double>> timings, string baseline)
    {
        var reference = timings[baseline];
        foreach (var (state, sample) in timings.Where(t => t.Key != baseline))
        {
            var (p, a) = MannWhitney.Test(sample, reference);
            yield return new ReportRow("6", $"Timing, {step}: {state} vs {baseline}",
                FormattableString.Invariant($"median {MannWhitney.Median(sample):F2} vs {MannWhitney.Median(reference):F2} ms (n = {sample.Count} each), p = {p:G2}, A = {a:F2}"),
                FormattableString.Invariant($"p ≥ {MinimumP}"), p >= MinimumP);
        }
    }

    private async Task<Dictionary<string, List<double>>> MeasureAsync(int samples, HttpStatusCode expected, Func<string, int, HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        var timings = States.ToDictionary(s => s, _ => new List<double>(samples), StringComparer.Ordinal);
        for (var i = 0; i < WarmUp; i++)
        {
            await TimeAsync(request("unknown", -1 - i), expected, cancellationToken);
        }

        for (var i = 0; i < samples; i++)
        {
            // Each round starts with another state, so no state always follows the same one.
            for (var k = 0; k < States.Length; k++)
            {
                var state = States[(i + k) % States.Length];
                timings[state].Add(await TimeAsync(request(state, i), expected, cancellationToken));
            }
        }

        return timings;
    }

    private Task<double> TimeAsync(HttpRequestMessage request, HttpStatusCode expected, CancellationToken cancellationToken)
        => TimeAsync(host.Client, request, expected, cancellationToken);

    /// <summary>One request's time to the last byte of its answer; an unexpected status stops the run.</summary>
    internal static async Task<double> TimeAsync(HttpClient client, HttpRequestMessage request, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        using (request)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.SendAsync(request, cancellationToken);
            await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.StatusCode != expected)
            {
                throw new InvalidOperationException($"{request.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }

            return elapsed;
        }
    }

    /// <summary>Pending, locked (sign-in and recovery) and active accounts, stored directly with one shared password hash.</summary>
    private async Task<Dictionary<string, List<(string Email, string Number)>>> CreatePoolsAsync(int size, CancellationToken cancellationToken)
    {
        var accounts = host.App.Services.GetRequiredService<IAccountStore>();
        var hash = host.App.Services.GetRequiredService<IPasswordHasher>().Hash(Journeys.Password);
        var answerHash = host.App.Services.GetRequiredService<IPasswordHasher>().Hash("medor le chien");
        var now = host.App.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var lockedUntil = now.AddDays(1);
        var ring = await host.App.Services.GetRequiredService<SecretTokenKeyProvider>().GetKeyRingAsync(cancellationToken);
        var pools = new Dictionary<string, List<(string, string)>>(StringComparer.Ordinal)
        {
            // Never stored: the recovery-code step reuses them as often as the known ones.
            ["unknown"] = [.. Enumerable.Range(0, size).Select(_ => (Journeys.NewEmail("inconnu"), SubscriberNumber.Generate()))],
        };
        foreach (var state in States.Where(s => s != "unknown"))
        {
            var pool = new List<(string, string)>();
            for (var i = 0; i < size; i++)
            {
                var email = Journeys.NewEmail("timing");
                var number = SubscriberNumber.Generate();
                await StoreAsync(accounts, new Account
                {
                    SubscriberNumber = number,
                    Email = email,
                    Status = state == "pending" ? AccountStatus.Pending : AccountStatus.Active,
                    PasswordHash = hash,
                    SecurityQuestionId = Journeys.QuestionId,
                    SecurityAnswerHash = answerHash,
                    Language = "fr",
                    RegisteredAt = now,
                    ActivatedAt = state == "pending" ? null : now,
                    PasswordHistory = [hash],
                    SecurityStamp = 1,
                    SignInLockedUntil = state == "locked" ? lockedUntil : null,
                    RecoveryLockedUntil = state == "locked" ? lockedUntil : null,
                    RecoveryCodes = state == "active" ? [.. Enumerable.Range(0, RecoveryCodeFormat.SetSize).Select(_ => RecoveryCodeFormat.Hash(ring, number, RecoveryCodeFormat.NewCode()))] : [],
                    RecoveryCodesCreatedAt = state == "active" ? now : null,
                }, cancellationToken);
                pool.Add((email, number));
            }

            pools[state] = pool;
        }

        return pools;
    }

    /// <summary>Stores <paramref name="account"/> directly (address claimed, then the row), as registration and activation would leave it.</summary>
    internal static async Task StoreAsync(IAccountStore accounts, Account account, CancellationToken cancellationToken)
    {
        await accounts.TryClaimEmailAsync(account.Email, account.SubscriberNumber, cancellationToken);
        await accounts.TryCreateAsync(account, cancellationToken);
    }

    internal static HttpRequestMessage Post(string path, object body) => new(HttpMethod.Post, path)
    {
        Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
    };

    private static string EmailOf(Dictionary<string, List<(string Email, string Number)>> pools, string state, int i)
        => state == "unknown" ? Journeys.NewEmail("inconnu") : pools[state][i % pools[state].Count].Email;

    private static string NumberOf(Dictionary<string, List<(string Email, string Number)>> pools, string state, int i)
        => state == "unknown" ? SubscriberNumber.Generate() : pools[state][i % pools[state].Count].Number;

}
