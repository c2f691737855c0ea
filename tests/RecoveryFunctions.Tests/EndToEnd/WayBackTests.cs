using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.DevServices.Email;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.EndToEnd;

/// <summary>
/// A system of its own on a manual clock with small email allowances (recovery 2 a day then one per link lifetime,
/// registration 2, known client 3, lock notice 1), so a stranger exhausts them in a few requests.
/// </summary>
public sealed class WayBackFixture : LocalHostFixture
{
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromMinutes(30);

    // Today at 06:00 UTC, so that no test crosses midnight, when the daily allowances start again (the local email
    // endpoint reads the same clock).
    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(TimeProvider.System.GetUtcNow().UtcDateTime.Date.AddHours(6), TimeSpan.Zero));

    protected override IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>
    {
        ["Captcha:Mode"] = "AlwaysPass",
        ["Recovery:RecoveryLinkLifetime"] = LinkLifetime.ToString("c", CultureInfo.InvariantCulture),
        ["Email:RecoveryEmailsPerAddressPerDay"] = "2",
        ["Email:KnownClientRecoveryEmailsPerAddressPerDay"] = "3",
        ["Email:RegistrationEmailsPerAddressPerDay"] = "2",
        ["Email:RecoveryLockNoticesPerAddressPerDay"] = "1",
        ["Cleanup:Schedule"] = "0 0 3 * * *",
    };

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}

[CollectionDefinition(Name)]
public sealed class WayBackCollection : ICollectionFixture<WayBackFixture>
{
    public const string Name = "Way back";
}

/// <summary>
/// What a stranger who knows only the holder's address can do to the holder's way back, tried from many client
/// addresses (each stranger a socket of its own from 127.x.y.z): nothing that keeps the holder from recovering.
/// </summary>
[Collection(WayBackCollection.Name)]
public sealed class WayBackTests(WayBackFixture host)
{
    private const string LinkSubject = "Réinitialisation de votre mot de passe";
    private const string StillLockedSubject = "Réinitialisation en ligne toujours bloquée";

    [Fact]
    public async Task Registrations_WithHolderAddress_NeverSpendRecoveryEmails()
    {
        var email = Journeys.NewEmail("inscrit");
        await host.CreateActiveAccountAsync(email);
        using var tally = new MeasurementTally(host.Host.Services);

        for (var i = 0; i < 6; i++)
        {
            using var stranger = Stranger();
            using var response = await stranger.PostJsonAsync("/api/accounts", Journeys.RegistrationBody(email, password: $"Autre-Essai-{i:D2}-2026x"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        // The registration allowance (2, the activation included) is spent: 5 of the 6 "already registered" are dropped.
        await tally.WaitForAsync(RecoveryMetrics.EmailDropped, "reason=capped", 5);
        using var holder = Stranger();
        await IdentifyAsync(holder, email);
        await VerifyAsync(holder, Journeys.TokenIn(await NextLinkEmailAsync(email)));
    }

    [Fact]
    public async Task StrangersRequests_NeverRefuseTheHolderNorRevokeTheirCode()
    {
        var email = Journeys.NewEmail("garde");
        await host.CreateActiveAccountAsync(email);
        using var holder = Stranger();
        var flowId = await IdentifyAsync(holder, email);
        var own = await NextLinkEmailAsync(email);
        var code = RecoverySteps.CodeIn(own);

        for (var i = 0; i < 8; i++)
        {
            using var stranger = Stranger();
            await IdentifyAsync(stranger, email);
        }

        // The holder is not refused, and the code of the holder's own request still opens the holder's flow.
        await IdentifyAsync(holder, email);
        using var verified = await holder.PostJsonAsync("/api/password-recovery/verify", new { flowId, code });
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        var next = (await verified.JsonAsync()).GetProperty("flowId").GetString()!;
        await AnswerAsync(holder, next);
        using var reset = await holder.PostJsonAsync("/api/password-recovery/password", new { flowId = next, newPassword = RecoverySteps.NewPassword, newPasswordConfirmation = RecoverySteps.NewPassword });
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);

        // A reset kills every other live link: the one a stranger's request delivered included.
        using var strangersLink = await holder.PostJsonAsync("/api/password-recovery/verify", new { token = Journeys.TokenIn(await NextLinkEmailAsync(email, [own])) });
        Assert.Equal(HttpStatusCode.Gone, strangersLink.StatusCode);
        Assert.Equal("link-expired", await strangersLink.ProblemCodeAsync());
    }

    [Fact]
    public async Task StrangersSpendTheRecoveryAllowance_KnownClientStillGetsItsEmailAtOnce()
    {
        var email = Journeys.NewEmail("connu");
        await host.CreateActiveAccountAsync(email);
        var home = LoopbackSource.NewAddress();
        using var holder = LoopbackSource.Client(host.Client.BaseAddress!, home);
        using (var signIn = await holder.PostJsonAsync("/api/sessions", new { email, password = Journeys.Password }))
        {
            Assert.Equal(HttpStatusCode.Created, signIn.StatusCode);
        }

        var strangers = await SpendRecoveryAllowanceAsync(email);

        var flowId = await IdentifyAsync(holder, email);
        var own = await NextLinkEmailAsync(email, strangers);
        using var verified = await holder.PostJsonAsync("/api/password-recovery/verify", new { flowId, code = RecoverySteps.CodeIn(own) });
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
    }

    [Fact]
    public async Task StrangersSpendTheRecoveryAllowance_AnyClientStillFindsALiveLinkEveryLifetime()
    {
        var email = Journeys.NewEmail("trickle");
        await host.CreateActiveAccountAsync(email);
        var strangers = await SpendRecoveryAllowanceAsync(email);

        // From a client the account does not know, nothing new is sent, but the latest email's link is live.
        using var holder = Stranger();
        await IdentifyAsync(holder, email);
        await VerifyAsync(holder, Journeys.TokenIn(strangers[^1]));

        // A link lifetime later the stranger's next request lands in the holder's mailbox again, with a live link.
        host.Clock.Advance(WayBackFixture.LinkLifetime);
        using (var tally = new MeasurementTally(host.Host.Services))
        {
            for (var i = 0; i < 3; i++)
            {
                using var stranger = Stranger();
                await IdentifyAsync(stranger, email);
            }

            await tally.WaitForAsync(RecoveryMetrics.EmailDropped, "reason=capped", 2);
        }

        await VerifyAsync(holder, Journeys.TokenIn(await NextLinkEmailAsync(email, strangers)));
        Assert.Equal(4, LinkEmails(email).Count);
    }

    [Fact]
    public async Task LockedHolderAsksAgain_SameAnswerAndToldOnceWhenTheLockEnds()
    {
        var email = Journeys.NewEmail("bloque");
        await host.CreateActiveAccountAsync(email);
        using var holder = Stranger();
        await IdentifyAsync(holder, email);
        var flowId = (await VerifyAsync(holder, Journeys.TokenIn(await NextLinkEmailAsync(email)))).GetProperty("flowId").GetString()!;
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await holder.PostJsonAsync("/api/password-recovery/answer", new { flowId, answer = $"mauvaise reponse {i}" });
            Assert.Contains(await wrong.ProblemCodeAsync(), new[] { "answer-incorrect", "recovery-locked" });
        }

        using var tally = new MeasurementTally(host.Host.Services);
        var unknown = Journeys.NewEmail("inconnu");
        var answers = new List<string>();
        foreach (var address in new[] { email, email, unknown })
        {
            using var response = await holder.PostJsonAsync("/api/password-recovery", new { email = address, captchaId = "any", captchaText = "any" });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            answers.Add(await response.Content.ReadAsStringAsync());
        }

        // One notice with the lock's end and the way to the helpdesk; the second ask is capped, and no link is sent.
        Assert.All(answers, a => Assert.Matches("^\\{\"flowId\":\"[^\"]+\",\"expiresAt\":\"[^\"]+\"\\}$", a));
        await tally.WaitForAsync(RecoveryMetrics.EmailDropped, "template=RecoveryStillLocked", 1);
        var notice = await host.Mailbox.WaitForMessageAsync(email, TimeSpan.FromSeconds(30), m => m.Subject.EndsWith(StillLockedSubject, StringComparison.Ordinal));
        Assert.Contains("bloquée jusqu", notice.TextBody!, StringComparison.Ordinal);
        Assert.Contains("assistance", notice.TextBody!, StringComparison.Ordinal);
        Assert.Single(host.Mailbox.ListMessagesTo(email), m => m.Subject.EndsWith(StillLockedSubject, StringComparison.Ordinal));
        Assert.Single(LinkEmails(email));
    }

    [Fact]
    public async Task CompletedRecovery_ClearsTheWrongAnswersOfThatProcedure()
    {
        var email = Journeys.NewEmail("efface");
        await host.CreateActiveAccountAsync(email);
        using var holder = Stranger();
        await IdentifyAsync(holder, email);
        var first = await NextLinkEmailAsync(email);
        var flowId = (await VerifyAsync(holder, Journeys.TokenIn(first))).GetProperty("flowId").GetString()!;
        for (var i = 0; i < 2; i++)
        {
            using var wrong = await holder.PostJsonAsync("/api/password-recovery/answer", new { flowId, answer = $"mauvaise reponse {i}" });
            Assert.Equal("answer-incorrect", await wrong.ProblemCodeAsync());
        }

        await AnswerAsync(holder, flowId);
        using (var reset = await holder.PostJsonAsync("/api/password-recovery/password", new { flowId, newPassword = RecoverySteps.NewPassword, newPasswordConfirmation = RecoverySteps.NewPassword }))
        {
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        }

        await IdentifyAsync(holder, email);
        var again = await VerifyAsync(holder, Journeys.TokenIn(await NextLinkEmailAsync(email, [first])));
        Assert.Equal(3, again.GetProperty("attemptsLeft").GetInt32());
    }

    /// <summary>Strangers, each from an address of its own, ask until the allowance (2) and the lifetime's one more are spent and one is capped.</summary>
    /// <returns>The three emails their requests delivered.</returns>
    private async Task<List<LocalMailMessage>> SpendRecoveryAllowanceAsync(string email)
    {
        using var tally = new MeasurementTally(host.Host.Services);
        for (var i = 0; i < 4; i++)
        {
            using var stranger = Stranger();
            await IdentifyAsync(stranger, email);
        }

        await tally.WaitForAsync(RecoveryMetrics.EmailDropped, "reason=capped", 1);
        var delivered = await LinkEmailsAsync(email, 3);
        Assert.Equal(3, delivered.Count);
        return delivered;
    }

    private HttpClient Stranger() => LoopbackSource.Client(host.Client.BaseAddress!, LoopbackSource.NewAddress());

    private static async Task<string> IdentifyAsync(HttpClient client, string email)
    {
        using var response = await client.PostJsonAsync("/api/password-recovery", new { email, captchaId = "any", captchaText = "any" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("flowId").GetString()!;
    }

    private static async Task<System.Text.Json.JsonElement> VerifyAsync(HttpClient client, string token)
    {
        using var response = await client.PostJsonAsync("/api/password-recovery/verify", new { token });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    private static async Task AnswerAsync(HttpClient client, string flowId)
    {
        using var response = await client.PostJsonAsync("/api/password-recovery/answer", new { flowId, answer = Journeys.Answer });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private List<LocalMailMessage> LinkEmails(string email) => [.. host.Mailbox.ListMessagesTo(email).Where(m => m.Subject.EndsWith(" – " + LinkSubject, StringComparison.Ordinal))];

    /// <summary>
    /// Waits for a link-and-code email to <paramref name="email"/> that is not among <paramref name="before"/>. The mailbox
    /// names its files by the manual clock, so their order says nothing: emails are told apart by their content.
    /// </summary>
    private async Task<LocalMailMessage> NextLinkEmailAsync(string email, IReadOnlyList<LocalMailMessage>? before = null)
    {
        var seen = (before ?? []).Select(m => m.TextBody).ToHashSet(StringComparer.Ordinal);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (LinkEmails(email).FirstOrDefault(m => !seen.Contains(m.TextBody)) is { } next)
            {
                return next;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"No new link email to {email} arrived."); // the outbox worker is slow on a loaded machine
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until <paramref name="count"/> link-and-code emails to <paramref name="email"/> have arrived.</summary>
    private async Task<List<LocalMailMessage>> LinkEmailsAsync(string email, int count)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (LinkEmails(email) is var messages && messages.Count < count)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{count} link emails to {email} did not arrive.");
            await Task.Delay(100);
        }

        return LinkEmails(email);
    }
}
