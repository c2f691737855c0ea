using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Passwords;
using RecoveryFunctions.Core.RecoveryCodes;
using RecoveryFunctions.Core.Tokens;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Benchmarks;

/// <summary>
/// Figure 6, the factor stage of the ASVS profile (<c>--timing</c>, on a second host started with
/// <see cref="StandardsProfiles.Asvs"/>): once the mailbox is proven, does the time of a refused answer tell anything
/// about the holder's factor? Saved code (<c>POST /api/password-recovery/factor</c>): a code never issued against another
/// account's valid code, one of each on each account's flow in turn (so no account reaches the third try, which locks).
/// Passkey (<c>POST /api/password-recovery/factor/passkey</c>, each answer to a ceremony fetched untimed just before): a
/// key the service never saw against the holder's key id signed by another key and another account's key, all on one
/// flow (a refused assertion spends only its ceremony).
/// </summary>
public sealed class FactorTimingBenchmark(BenchmarkHost host, BenchmarkOptions options)
{
    private const int WarmUp = 20;
    private const string NeverIssued = "code never issued";
    private const string OthersCode = "another account's code";
    private const string UnknownKey = "unknown key";
    private const string HoldersIdForged = "holder's key id, forged signature";
    private const string OthersKey = "another account's key";

    private string? _passwordHash;

    public async Task<IReadOnlyList<ReportRow>> RunAsync(CancellationToken cancellationToken = default)
    {
        Console.WriteLine("Timing the factor stage, saved code…");
        var codes = await RecoveryCodesAsync(cancellationToken);
        Console.WriteLine("Timing the factor stage, passkey…");
        var passkeys = await PasskeysAsync(cancellationToken);
        return [.. TimingBenchmark.Compare("factor stage, wrong saved code", codes, NeverIssued), .. TimingBenchmark.Compare("factor stage, refused passkey", passkeys, UnknownKey)];
    }

    private async Task<Dictionary<string, List<double>>> RecoveryCodesAsync(CancellationToken cancellationToken)
    {
        var accounts = new List<(string Email, string Code)>();
        for (var i = 0; i < WarmUp + options.TimingSamples; i++)
        {
            accounts.Add(await StoreAccountAsync(withCodes: true, cancellationToken));
        }

        var timings = new[] { NeverIssued, OthersCode }.ToDictionary(s => s, _ => new List<double>(options.TimingSamples), StringComparer.Ordinal);
        for (var i = 0; i < accounts.Count; i++)
        {
            var flowId = await FactorStageFlowAsync(accounts[i].Email, cancellationToken);
            for (var k = 0; k < 2; k++)
            {
                var state = (i + k) % 2 == 0 ? NeverIssued : OthersCode;
                var code = state == NeverIssued ? RecoveryCodeFormat.NewCode() : accounts[(i + 1) % accounts.Count].Code;
                var elapsed = await TimingBenchmark.TimeAsync(host.Client, TimingBenchmark.Post("/api/password-recovery/factor", new { flowId, recoveryCode = code }), HttpStatusCode.BadRequest, cancellationToken);
                if (i >= WarmUp)
                {
                    timings[state].Add(elapsed);
                }
            }
        }

        return timings;
    }

    private async Task<Dictionary<string, List<double>>> PasskeysAsync(CancellationToken cancellationToken)
    {
        var origin = new Uri(host.App.Services.GetRequiredService<IOptions<RecoveryOptions>>().Value.FrontEndBaseUrl).GetLeftPart(UriPartial.Authority);
        using var holdersKey = new SoftPasskey(origin);
        using var othersKey = new SoftPasskey(origin);
        using var strangersKey = new SoftPasskey(origin);
        var holder = await StoreAccountAsync(withCodes: false, cancellationToken);
        var other = await StoreAccountAsync(withCodes: false, cancellationToken);
        await host.Client.CreatePasskeyAsync(holdersKey, await SignInAsync(holder.Email));
        await host.Client.CreatePasskeyAsync(othersKey, await SignInAsync(other.Email));
        var flowId = await FactorStageFlowAsync(holder.Email, cancellationToken);

        string[] states = [UnknownKey, HoldersIdForged, OthersKey];
        var timings = states.ToDictionary(s => s, _ => new List<double>(options.TimingSamples), StringComparer.Ordinal);
        for (var i = -WarmUp; i < options.TimingSamples; i++)
        {
            // Each round starts with another state, so no state always follows the same one.
            for (var k = 0; k < states.Length; k++)
            {
                var state = states[(i + WarmUp + k) % states.Length];
                var (ceremonyId, requestOptions) = await host.Client.FactorCeremonyAsync(flowId);
                var answer = (state == OthersKey ? othersKey : strangersKey).Assert(requestOptions);
                if (state == HoldersIdForged)
                {
                    answer["id"] = holdersKey.CredentialId;
                    answer["rawId"] = holdersKey.CredentialId;
                }

                var body = new JsonObject { ["flowId"] = flowId, ["ceremonyId"] = ceremonyId, ["credential"] = answer };
                var elapsed = await TimingBenchmark.TimeAsync(host.Client, TimingBenchmark.Post("/api/password-recovery/factor/passkey", body), HttpStatusCode.Unauthorized, cancellationToken);
                if (i >= 0)
                {
                    timings[state].Add(elapsed);
                }
            }
        }

        return timings;
    }

    /// <summary>An active account stored directly, without a question (the ASVS profile has none), with a saved set or none.</summary>
    private async Task<(string Email, string Code)> StoreAccountAsync(bool withCodes, CancellationToken cancellationToken)
    {
        var services = host.App.Services;
        var email = Journeys.NewEmail("facteur");
        var number = SubscriberNumber.Generate();
        var ring = await services.GetRequiredService<SecretTokenKeyProvider>().GetKeyRingAsync(cancellationToken);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var hash = _passwordHash ??= services.GetRequiredService<IPasswordHasher>().Hash(Journeys.Password);
        string[] codes = withCodes ? [.. Enumerable.Range(0, RecoveryCodeFormat.SetSize).Select(_ => RecoveryCodeFormat.NewCode())] : [];
        await TimingBenchmark.StoreAsync(services.GetRequiredService<IAccountStore>(), new Account
        {
            SubscriberNumber = number,
            Email = email,
            Status = AccountStatus.Active,
            PasswordHash = hash,
            SecurityQuestionId = 0,
            SecurityAnswerHash = "",
            Language = "fr",
            RegisteredAt = now,
            ActivatedAt = now,
            PasswordHistory = [hash],
            SecurityStamp = 1,
            RecoveryCodes = [.. codes.Select(c => RecoveryCodeFormat.Hash(ring, number, c))],
            RecoveryCodesCreatedAt = withCodes ? now : null,
        }, cancellationToken);
        return (email, codes.FirstOrDefault() ?? "");
    }

    /// <summary>The forgotten-password request and the emailed code typed back: the flow at the factor stage.</summary>
    private async Task<string> FactorStageFlowAsync(string email, CancellationToken cancellationToken)
    {
        string flowId;
        using (var identify = await host.Client.PostJsonAsync("/api/password-recovery", new { email, captchaId = "any", captchaText = "any" }))
        {
            flowId = (await identify.JsonAsync()).GetProperty("flowId").GetString()!;
        }

        var message = await host.Mailbox.WaitForMessageAsync(email, TimeSpan.FromSeconds(60), m => m.Subject.Contains("Réinitialisation", StringComparison.Ordinal), cancellationToken);
        using var verified = await host.Client.PostJsonAsync("/api/password-recovery/verify", new { flowId, code = RecoverySteps.CodeIn(message) });
        var body = await verified.JsonAsync();
        return body.GetProperty("next").GetString() == "factor"
            ? body.GetProperty("flowId").GetString()!
            : throw new InvalidOperationException($"{email}: expected the factor stage, got {body}");
    }

    private async Task<string> SignInAsync(string email)
    {
        using var response = await host.Client.PostJsonAsync("/api/sessions", new { email, password = Journeys.Password });
        return (await response.JsonAsync()).GetProperty("sessionToken").GetString()!;
    }
}
