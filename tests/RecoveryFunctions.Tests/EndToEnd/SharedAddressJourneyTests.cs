using System.Net;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.EndToEnd;

/// <summary>
/// A crowd and an attacker behind one address, from outside over HTTP with the default limits (docs/security/shared-addresses.md):
/// each client's connections leave from one 127.x.y.z, as from one NAT address.
/// </summary>
public sealed class SharedAddressJourneyTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    private const int Crowd = 200;
    private const string WrongPassword = "Mauvais-Essai-0000";

    [Fact]
    public async Task Journeys_TwoHundredAccountsFromOneAddress_EverySignInAndRecoverySucceeds()
    {
        var emails = Enumerable.Range(0, Crowd).Select(_ => Journeys.NewEmail("guichet")).ToList();
        await Parallel.ForEachAsync(emails, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (email, _) => await host.CreateActiveAccountAsync(email));
        using var counter = LoopbackSource.Client(host.Host.BaseAddress, LoopbackSource.NewAddress());
        var statuses = new System.Collections.Concurrent.ConcurrentBag<string>();

        // Eight people at a time at one counter: sign in, then a captcha and the whole forgotten-password journey.
        await Parallel.ForEachAsync(emails, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (email, _) =>
        {
            using var signIn = await counter.PostJsonAsync("/api/sessions", new { email, password = Journeys.Password });
            using var captcha = await counter.CreateCaptchaAsync("password-recovery");
            using var identify = await counter.PostJsonAsync("/api/password-recovery", new { email, captchaId = "any", captchaText = "any" });
            var flowId = (await identify.JsonAsync()).GetProperty("flowId").GetString();
            var code = RecoverySteps.CodeIn(await host.RecoveryEmailAsync(email));
            using var verify = await counter.PostJsonAsync("/api/password-recovery/verify", new { flowId, code });
            var answerFlow = (await verify.JsonAsync()).GetProperty("flowId").GetString();
            using var answer = await counter.PostJsonAsync("/api/password-recovery/answer", new { flowId = answerFlow, answer = Journeys.Answer });
            using var password = await counter.PostJsonAsync("/api/password-recovery/password", new
            {
                flowId = answerFlow, newPassword = RecoverySteps.NewPassword, newPasswordConfirmation = RecoverySteps.NewPassword,
            });
            statuses.Add($"{(int)signIn.StatusCode} {(int)captcha.StatusCode} {(int)identify.StatusCode} {(int)verify.StatusCode} {(int)answer.StatusCode} {(int)password.StatusCode}");
        });

        Assert.Equal(Crowd, statuses.Count);
        Assert.All(statuses, s => Assert.Equal("201 201 202 200 200 200", s));
    }

    /// <summary>The documented point: 30 unproven forgotten-password requests a sliding hour; the 31st and every later one is a 429.</summary>
    [Fact]
    public async Task Identify_TwoHundredUnknownAddressesFromOneAddress_StoppedAtTheThirtyFirst()
    {
        using var attacker = LoopbackSource.Client(host.Host.BaseAddress, LoopbackSource.NewAddress());
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Crowd; i++)
        {
            using var response = await attacker.PostJsonAsync("/api/password-recovery", new { email = Journeys.NewEmail("inconnu"), captchaId = "any", captchaText = "any" });
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses.Take(30), s => Assert.Equal(HttpStatusCode.Accepted, s));
        Assert.All(statuses.Skip(30), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }

    /// <summary>
    /// Guessing one account: after 5 failures the account is locked for this (unfamiliar) client, so even the right password
    /// is refused; spraying passwords over unknown addresses: 60 failures, then 429 before any hash. The sign-in counts are
    /// fixed hourly windows, so the test starts clear of the next whole hour (a CI run at 14:00:01 UTC saw the 61st
    /// attempt counted afresh).
    /// </summary>
    [Fact]
    public async Task SignIn_GuessingOneAccountOrSprayingFromOneAddress_StoppedAtTheDocumentedPoints()
    {
        await HourBoundary.ClearOfItAsync(TimeSpan.FromMinutes(1));
        var email = Journeys.NewEmail("cible");
        await host.CreateActiveAccountAsync(email);
        using var guesser = LoopbackSource.Client(host.Host.BaseAddress, LoopbackSource.NewAddress());
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await guesser.PostJsonAsync("/api/sessions", new { email, password = WrongPassword + i });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var right = await guesser.PostJsonAsync("/api/sessions", new { email, password = Journeys.Password });

        using var sprayer = LoopbackSource.Client(host.Host.BaseAddress, LoopbackSource.NewAddress());
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 61; i++)
        {
            using var response = await sprayer.PostJsonAsync("/api/sessions", new { email = Journeys.NewEmail("inconnu"), password = WrongPassword });
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.All(statuses.Take(60), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[60]);
    }
}
