using System.Net;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.EndToEnd;

/// <summary>
/// A system of its own whose wrong-code count is high (60 per address), so a race on one code is 50 requests wide at
/// the account's ETag rather than stopped at the third by the address counter (the counter's own rule:
/// RecoveryCodeUseCaseTests).
/// </summary>
public sealed class RecoveryCodeFixture : LocalHostFixture
{
    protected override IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>
    {
        ["Captcha:Mode"] = "AlwaysPass",
        ["Throttling:WrongAnswersBeforeLock"] = "60",
    };
}

/// <summary>Saved recovery codes over HTTP (contract §2.9): made in the account space, spent once in the forgotten-password procedure.</summary>
public sealed class RecoveryCodeTests(RecoveryCodeFixture host) : IClassFixture<RecoveryCodeFixture>
{
    [Fact]
    public async Task Journey_GenerateSignOutRecoverWithCode_NewPassword_OldSessionDead_HolderToldEachTime()
    {
        var email = Journeys.NewEmail("secours");
        await host.CreateActiveAccountAsync(email);
        var session = await host.SignInAsync(email);

        var codes = await host.GenerateRecoveryCodesAsync(session);
        var generated = await host.Mailbox.WaitForMessageAsync(email, TimeSpan.FromSeconds(30), m => m.Subject.Contains("codes de secours", StringComparison.Ordinal));
        using (var status = await host.Client.GetAsync("/api/account/recovery-codes", session))
        {
            Assert.Equal(10, (await status.JsonAsync()).GetProperty("remaining").GetInt32());
        }

        using var recovered = await host.RecoverWithCodeAsync(email, codes[0]);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        var body = await recovered.JsonAsync();
        Assert.Equal("password", body.GetProperty("next").GetString());
        using (var reset = await host.SetPasswordAsync(body.GetProperty("flowId").GetString()!))
        {
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        }

        using (var old = await host.Client.GetAsync("/api/account", session))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        }

        var fresh = await host.SignInAsync(email, RecoverySteps.NewPassword);
        using (var status = await host.Client.GetAsync("/api/account/recovery-codes", fresh))
        {
            Assert.Equal(9, (await status.JsonAsync()).GetProperty("remaining").GetInt32());
        }

        var used = await host.Mailbox.WaitForMessageAsync(email, TimeSpan.FromSeconds(30), m => m.Subject.Contains("code de secours a été utilisé", StringComparison.Ordinal));
        Assert.Contains("9", used.TextBody, StringComparison.Ordinal);
        Assert.All(codes, code => Assert.DoesNotContain(code, generated.TextBody + generated.HtmlBody + used.TextBody + used.HtmlBody, StringComparison.Ordinal));
        using var reused = await host.RecoverWithCodeAsync(email, codes[0]);
        Assert.Equal("recovery-code-invalid", await reused.ProblemCodeAsync());
    }

    [Fact]
    public async Task Recover_FiftyAtOnceWithOneCode_ExactlyOneOpensAFlow()
    {
        var email = Journeys.NewEmail("course");
        await host.CreateActiveAccountAsync(email);
        var codes = await host.GenerateRecoveryCodesAsync(await host.SignInAsync(email));

        // Losers get recovery-code-invalid (400), or recovery-codes-locked (423) when the address counter itself was too
        // contended to count them (TableThrottleStore refuses after 20 lost races): never a second 200, never a 500.
        await Races.ExactlyOneWinsAsync(50, _ => host.RecoverWithCodeAsync(email, codes[5]));
    }

    [Fact]
    public async Task Regenerate_OldSetRefused_NewSetAccepted()
    {
        var email = Journeys.NewEmail("nouvelle-serie");
        await host.CreateActiveAccountAsync(email);
        var session = await host.SignInAsync(email);
        var old = await host.GenerateRecoveryCodesAsync(session);

        var fresh = await host.GenerateRecoveryCodesAsync(session);

        using var refused = await host.RecoverWithCodeAsync(email, old[0]);
        Assert.Equal("recovery-code-invalid", await refused.ProblemCodeAsync());
        using var accepted = await host.RecoverWithCodeAsync(email, fresh[0]);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }
}
