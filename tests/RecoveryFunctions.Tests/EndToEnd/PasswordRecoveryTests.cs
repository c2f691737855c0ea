using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Core.Tokens;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.EndToEnd;

/// <summary>The forgotten-password procedure (contract §2.3) over HTTP, by link and by code.</summary>
[Collection(LocalHostCollection.Name)]
public sealed class PasswordRecoveryTests(LocalHostFixture host)
{
    [Fact]
    public async Task Recovery_ByLink_ResetsPasswordAndRevokesSessions()
    {
        var email = Journeys.NewEmail("lien");
        var registered = await host.CreateActiveAccountAsync(email);
        var oldSession = await host.SignInAsync(email);

        await host.IdentifyAsync(email);
        var message = await host.RecoveryEmailAsync(email);
        Assert.StartsWith("http://localhost:5173/", Journeys.LinkIn(message), StringComparison.Ordinal);
        var verified = await host.VerifyLinkAsync(Journeys.TokenIn(message));
        Assert.Equal(Journeys.QuestionId, verified.GetProperty("securityQuestion").GetProperty("id").GetInt32());
        Assert.Equal(3, verified.GetProperty("attemptsLeft").GetInt32());
        var flowId = verified.GetProperty("flowId").GetString()!;
        await host.AnswerAsync(flowId, "  MÉDOR   le chien ");
        using var reset = await host.SetPasswordAsync(flowId);

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var summary = await reset.JsonAsync();
        Assert.Equal(registered.GetProperty("subscriberNumber").GetString(), summary.GetProperty("subscriberNumber").GetString());
        Assert.False(summary.TryGetProperty("sessionToken", out _));
        await host.Mailbox.WaitForMessageAsync(email, TimeSpan.FromSeconds(30), m => m.Subject.Contains("mot de passe a été modifié", StringComparison.Ordinal));

        using var oldPassword = await host.Client.PostJsonAsync("/api/sessions", new { email, password = Journeys.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, oldPassword.StatusCode);
        await host.SignInAsync(email, RecoverySteps.NewPassword);
        using var oldSessionUse = await host.Client.GetAsync("/api/account", oldSession);
        Assert.Equal(HttpStatusCode.Unauthorized, oldSessionUse.StatusCode);
    }

    [Fact]
    public async Task Recovery_ByCode_ResetsPassword()
    {
        var email = Journeys.NewEmail("code");
        await host.CreateActiveAccountAsync(email);

        var flowId = await host.IdentifyAsync(email);
        var code = RecoverySteps.CodeIn(await host.RecoveryEmailAsync(email));
        using var wrong = await host.Client.PostJsonAsync("/api/password-recovery/verify", new { flowId, code = "2222-2222" });
        using var verify = await host.Client.PostJsonAsync("/api/password-recovery/verify", new { flowId, code = code.ToLowerInvariant() });

        Assert.Equal("code-incorrect", await wrong.ProblemCodeAsync());
        Assert.Equal(HttpStatusCode.OK, verify.StatusCode);
        var next = (await verify.JsonAsync()).GetProperty("flowId").GetString()!;
        Assert.NotEqual(flowId, next);
        await host.AnswerAsync(next);
        using var reset = await host.SetPasswordAsync(next);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        await host.SignInAsync(email, RecoverySteps.NewPassword);
    }

    [Fact]
    public async Task Recovery_NewerRequest_KeepsOlderLinkWorking()
    {
        var email = Journeys.NewEmail("garde");
        await host.CreateActiveAccountAsync(email);

        await host.IdentifyAsync(email);
        var first = await host.RecoveryEmailAsync(email, 1);
        await host.IdentifyAsync(email);
        await host.RecoveryEmailAsync(email, 2);

        // A newer request (perhaps a stranger's) revokes nothing: the first email's link still opens its flow.
        await host.VerifyLinkAsync(Journeys.TokenIn(first));
    }

    [Fact]
    public async Task Verify_UsedLink_LinkUsed()
    {
        var email = Journeys.NewEmail("usage");
        await host.CreateActiveAccountAsync(email);
        await host.IdentifyAsync(email);
        var token = Journeys.TokenIn(await host.RecoveryEmailAsync(email));

        await host.VerifyLinkAsync(token);
        using var again = await host.Client.PostJsonAsync("/api/password-recovery/verify", new { token });

        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Equal("link-used", await again.ProblemCodeAsync());
    }

    [Fact]
    public async Task Verify_ThirtyParallelSubmissionsOfOneLink_ExactlyOneFlow()
    {
        var email = Journeys.NewEmail("rafale");
        await host.CreateActiveAccountAsync(email);
        await host.IdentifyAsync(email);
        var token = Journeys.TokenIn(await host.RecoveryEmailAsync(email));

        await Races.ExactlyOneWinsAsync(30, _ => host.Client.PostJsonAsync("/api/password-recovery/verify", new { token }));

        await AssertOneFlowOpenedAsync(email);
    }

    [Fact]
    public async Task Verify_ThirtyParallelSubmissionsOfOneCode_ExactlyOneFlow()
    {
        var email = Journeys.NewEmail("rafale-code");
        await host.CreateActiveAccountAsync(email);
        var flowId = await host.IdentifyAsync(email);
        var code = RecoverySteps.CodeIn(await host.RecoveryEmailAsync(email));

        await Races.ExactlyOneWinsAsync(30, _ => host.Client.PostJsonAsync("/api/password-recovery/verify", new { flowId, code }));

        await AssertOneFlowOpenedAsync(email);
    }

    /// <summary>
    /// Decision 0010: a link is its flow's address and a secret. Any change to either, or a link of the shape emailed before
    /// (a 52-character token naming a link row of its own), is a <c>link-invalid</c> problem, never a 500; the real link
    /// still works afterwards.
    /// </summary>
    [Fact]
    public async Task Verify_TamperedOrOldShapedLink_LinkInvalidThenTheRealOneWorks()
    {
        var email = Journeys.NewEmail("altere");
        await host.CreateActiveAccountAsync(email);
        await host.IdentifyAsync(email);
        var token = Journeys.TokenIn(await host.RecoveryEmailAsync(email));
        static string Flip(string text, int at) => string.Concat(text.AsSpan(0, at), text[at] == 'A' ? "B" : "A", text.AsSpan(at + 1));

        foreach (var forged in new[] { Flip(token, token.Length - 1), Flip(token, 20), Flip(token, 9), TokenCodec.NewToken(host.Host.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddMinutes(30)), token[..^1] })
        {
            using var refused = await host.Client.PostJsonAsync("/api/password-recovery/verify", new { token = forged });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("link-invalid", await refused.ProblemCodeAsync());
        }

        await host.VerifyLinkAsync(token);
    }

    /// <summary>After a race on the mailbox proof: the mailbox flow used and exactly one flow opened, no link row.</summary>
    private async Task AssertOneFlowOpenedAsync(string email)
    {
        var rows = await StorageInspection.TokenRowsOfAsync(host, email);
        var flows = rows.Where(r => r.GetString("Kind") == nameof(TokenKind.RecoveryFlow)).ToList();
        Assert.Equal(2, flows.Count);
        Assert.Single(flows, f => f.GetDateTimeOffset("UsedAt") is not null);
        Assert.DoesNotContain(rows, r => r.GetString("Kind") is nameof(TokenKind.RecoveryLink) or nameof(TokenKind.HelpdeskLink));
    }

    [Fact]
    public async Task Password_ThirtyParallelPostsOnOneFlow_ExactlyOneSuccess()
    {
        var email = Journeys.NewEmail("final");
        await host.CreateActiveAccountAsync(email);
        await host.IdentifyAsync(email);
        var flowId = (await host.VerifyLinkAsync(Journeys.TokenIn(await host.RecoveryEmailAsync(email)))).GetProperty("flowId").GetString()!;
        await host.AnswerAsync(flowId);

        await Races.ExactlyOneWinsAsync(30, i => host.SetPasswordAsync(flowId, $"Parallele-Essai-{i:D2}x"));

        // The audit row rides the password's write (decision 0011): one row, the winner's; the losers wrote neither.
        var number = Assert.Single(await StorageInspection.AccountsWithEmailAsync(host, email)).PartitionKey;
        var events = await host.Host.Services.GetRequiredService<IAuditLog>().ListAsync(number, 50);
        Assert.Single(events, e => e.Type == AuditEventTypes.PasswordReset);
    }

    [Fact]
    public async Task Answer_ThirtyParallelWrongAnswers_AtMostThreeCountedThenLocked()
    {
        var email = Journeys.NewEmail("devine");
        await host.CreateActiveAccountAsync(email);
        await host.IdentifyAsync(email);
        var flowId = (await host.VerifyLinkAsync(Journeys.TokenIn(await host.RecoveryEmailAsync(email)))).GetProperty("flowId").GetString()!;

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => host.Client.PostJsonAsync("/api/password-recovery/answer", new { flowId, answer = $"mauvaise reponse {i}" })));
        var codes = await Task.WhenAll(responses.Select(r => r.ProblemCodeAsync()));

        Assert.InRange(codes.Count(c => c == "answer-incorrect"), 0, 2);
        Assert.Equal(30, codes.Count(c => c is "answer-incorrect" or "recovery-locked" or "conflict"));
        var account = Assert.Single(await StorageInspection.AccountsWithEmailAsync(host, email));
        Assert.Equal(3, account.GetInt32("WrongAnswers"));
        await host.Mailbox.WaitForMessageAsync(email, TimeSpan.FromSeconds(30), m => m.Subject.Contains("bloqu", StringComparison.OrdinalIgnoreCase));

        // Even the right answer is refused now, and a new request leads to the same lock.
        using var right = await host.Client.PostJsonAsync("/api/password-recovery/answer", new { flowId, answer = Journeys.Answer });
        Assert.Equal("recovery-locked", await right.ProblemCodeAsync());
        Dispose(responses);
    }

    [Fact]
    public async Task Password_ReusedOrMismatched_RefusedWithCodes()
    {
        var email = Journeys.NewEmail("reemploi");
        await host.CreateActiveAccountAsync(email);
        await host.IdentifyAsync(email);
        var flowId = (await host.VerifyLinkAsync(Journeys.TokenIn(await host.RecoveryEmailAsync(email)))).GetProperty("flowId").GetString()!;
        await host.AnswerAsync(flowId);

        using var reused = await host.SetPasswordAsync(flowId, Journeys.Password);
        using var mismatch = await host.Client.PostJsonAsync("/api/password-recovery/password", new { flowId, newPassword = RecoverySteps.NewPassword, newPasswordConfirmation = RecoverySteps.NewPassword + "x" });
        using var skipped = await host.Client.PostJsonAsync("/api/password-recovery/answer", new { flowId, answer = Journeys.Answer });

        Assert.Equal("password-reused", (await reused.JsonAsync()).GetProperty("errors").GetProperty("newPassword")[0].GetString());
        Assert.Equal("password-mismatch", (await mismatch.JsonAsync()).GetProperty("errors").GetProperty("newPasswordConfirmation")[0].GetString());
        Assert.Equal("flow-step-invalid", await skipped.ProblemCodeAsync());
    }

    // The next two answers were missing from the OpenAPI document until the steps declared their refusals
    // (docs/architecture/refusals.md); the client checks every answer against the document.
    [Fact]
    public async Task Answer_PasswordResetSinceTheFlowBegan_LinkExpired()
    {
        var email = Journeys.NewEmail("perime");
        await host.CreateActiveAccountAsync(email);
        var (stale, other) = await TwoVerifiedFlowsAsync(email);
        await host.AnswerAsync(other);
        using var reset = await host.SetPasswordAsync(other);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);

        using var answer = await host.Client.PostJsonAsync("/api/password-recovery/answer", new { flowId = stale, answer = Journeys.Answer });

        Assert.Equal(HttpStatusCode.Gone, answer.StatusCode);
        Assert.Equal("link-expired", await answer.ProblemCodeAsync());
    }

    [Fact]
    public async Task Password_LockedByAnotherFlowAfterTheAnswer_RecoveryLocked()
    {
        var email = Journeys.NewEmail("verrou");
        await host.CreateActiveAccountAsync(email);
        var (answered, guessed) = await TwoVerifiedFlowsAsync(email);
        await host.AnswerAsync(answered);
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await host.Client.PostJsonAsync("/api/password-recovery/answer", new { flowId = guessed, answer = $"mauvaise reponse {i}" });
            Assert.Equal(i < 2 ? "answer-incorrect" : "recovery-locked", await wrong.ProblemCodeAsync());
        }

        using var reset = await host.SetPasswordAsync(answered);

        Assert.Equal((HttpStatusCode)423, reset.StatusCode);
        Assert.Equal("recovery-locked", await reset.ProblemCodeAsync());
    }

    /// <summary>Two requests, each link verified: two answer-stage flows of one account.</summary>
    private async Task<(string First, string Second)> TwoVerifiedFlowsAsync(string email)
    {
        await host.IdentifyAsync(email);
        await host.IdentifyAsync(email);
        var first = await host.VerifyLinkAsync(Journeys.TokenIn(await host.RecoveryEmailAsync(email, 1)));
        var second = await host.VerifyLinkAsync(Journeys.TokenIn(await host.RecoveryEmailAsync(email, 2)));
        return (first.GetProperty("flowId").GetString()!, second.GetProperty("flowId").GetString()!);
    }

    private static void Dispose(IEnumerable<HttpResponseMessage> responses)
    {
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
