using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.TestSupport;
using RecoveryFunctions.TestSupport.InMemory;

namespace RecoveryFunctions.Tests.Recovery;

/// <summary>
/// Decision 0011 on the real Core steps and the in-memory adapters: the right answer is recorded on the account (a keyed
/// hash of the flow id) instead of moving the flow row, and the password step accepts the answer-stage flow only when its
/// account records that very flow; the <c>password-reset</c> audit row exists if and only if the password was written.
/// </summary>
public sealed class AnsweredFlowUseCaseTests(InMemoryServiceGraph graph) : IClassFixture<InMemoryServiceGraph>
{
    [Fact]
    public async Task Answer_Right_FlowRowUntouched_AccountKeepsAKeyedIdNeverTheId()
    {
        var (number, flowId) = await VerifiedFlowAsync("192.0.2.60");
        var before = await FlowAsync(flowId);

        await graph.Request<SecurityAnswerCheck>().AnswerAsync(flowId, ServiceGraphFixture.AccountAnswer);

        Assert.Equal(before, await FlowAsync(flowId));
        var account = (await graph.Services.GetRequiredService<IAccountStore>().GetAsync(number))!.Account;
        Assert.Equal(0, account.WrongAnswers);
        Assert.NotNull(account.AnsweredFlow);
        Assert.DoesNotContain(flowId, account.AnsweredFlow, StringComparison.Ordinal);
        Assert.True(before.AnsweredOn(account, await graph.Request<RecoveryFlows>().AnswerKeysAsync(flowId)));
    }

    [Fact]
    public async Task Answer_GivenTwice_SecondFlowStepInvalid_NotCounted()
    {
        var (number, flowId) = await VerifiedFlowAsync("192.0.2.61");
        await graph.Request<SecurityAnswerCheck>().AnswerAsync(flowId, ServiceGraphFixture.AccountAnswer);

        var again = await Assert.ThrowsAsync<DomainException>(() => graph.Request<SecurityAnswerCheck>().AnswerAsync(flowId, "mauvaise"));

        Assert.Equal(ProblemCode.FlowStepInvalid, again.Problem);
        Assert.Equal(0, (await graph.Services.GetRequiredService<IAccountStore>().GetAsync(number))!.Account.WrongAnswers);
    }

    [Fact]
    public async Task Password_AnswerNotGiven_FlowStepInvalid_NothingWrittenNorAudited()
    {
        var (number, flowId) = await VerifiedFlowAsync("192.0.2.62");
        var before = (await graph.Services.GetRequiredService<IAccountStore>().GetAsync(number))!;

        var refused = await Assert.ThrowsAsync<DomainException>(() => ResetAsync(flowId));

        Assert.Equal(ProblemCode.FlowStepInvalid, refused.Problem);
        Assert.Equal(before.Version, (await graph.Services.GetRequiredService<IAccountStore>().GetAsync(number))!.Version);
        Assert.DoesNotContain(await AuditTypesAsync(number), t => t == AuditEventTypes.PasswordReset);
    }

    [Fact]
    public async Task Password_AnotherFlowOfTheAccountAnswered_FlowStepInvalid_ThatFlowCompletes()
    {
        var (number, first) = await VerifiedFlowAsync("192.0.2.63");
        var second = await VerifyAsync(await graph.Services.GetRequiredService<IAccountStore>().GetAsync(number) is { } read ? read.Account.Email : "", "192.0.2.63");
        await graph.Request<SecurityAnswerCheck>().AnswerAsync(second, ServiceGraphFixture.AccountAnswer);

        var refused = await Assert.ThrowsAsync<DomainException>(() => ResetAsync(first));
        await ResetAsync(second);

        Assert.Equal(ProblemCode.FlowStepInvalid, refused.Problem);
        Assert.Single(await AuditTypesAsync(number), t => t == AuditEventTypes.PasswordReset);
        Assert.Null((await graph.Services.GetRequiredService<IAccountStore>().GetAsync(number))!.Account.AnsweredFlow);
    }

    /// <summary>Of parallel posts on one answered flow exactly one resets, and its audit row is the only one.</summary>
    [Fact]
    public async Task Password_TenParallelPosts_OneWinner_OneAuditRow()
    {
        var (number, flowId) = await VerifiedFlowAsync("192.0.2.64");
        await graph.Request<SecurityAnswerCheck>().AnswerAsync(flowId, ServiceGraphFixture.AccountAnswer);

        var outcomes = await InParallelAsync(10, () => ResetAsync(flowId));

        Assert.Single(outcomes, o => o == "ok");
        Assert.All(outcomes.Where(o => o != "ok"), o => Assert.Equal(ProblemCode.LinkUsed.Value, o));
        Assert.Single(await AuditTypesAsync(number), t => t == AuditEventTypes.PasswordReset);
    }

    /// <summary>Two right answers at once on one flow: both attempts given back, one accepted, the other told link-used.</summary>
    [Fact]
    public async Task Answer_TwoRightAnswersAtOnce_OneAccepted_NoAttemptKept()
    {
        var (number, flowId) = await VerifiedFlowAsync("192.0.2.65");

        var outcomes = await InParallelAsync(2, () => graph.Request<SecurityAnswerCheck>().AnswerAsync(flowId, ServiceGraphFixture.AccountAnswer));

        Assert.Contains("ok", outcomes);
        Assert.All(outcomes.Where(o => o != "ok"), o => Assert.Contains(o, new[] { ProblemCode.LinkUsed.Value, ProblemCode.FlowStepInvalid.Value }));
        Assert.Equal(0, (await graph.Services.GetRequiredService<IAccountStore>().GetAsync(number))!.Account.WrongAnswers);
        await ResetAsync(flowId);
    }

    /// <summary>Runs <paramref name="step"/> <paramref name="count"/> times at once: "ok" or the problem code of each.</summary>
    private static Task<string[]> InParallelAsync(int count, Func<Task> step) => Task.WhenAll(Enumerable.Range(0, count).Select(_ => Task.Run(async () =>
    {
        try
        {
            await step();
            return "ok";
        }
        catch (DomainException e)
        {
            return e.Code;
        }
    })));

    private Task ResetAsync(string flowId) => graph.Request<PasswordReset>().ResetAsync(flowId, RecoverySteps.NewPassword, RecoverySteps.NewPassword, "fr");

    private async Task<(string Number, string FlowId)> VerifiedFlowAsync(string client)
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active);
        var flowId = await VerifyAsync(email, client);
        return ((await graph.Services.GetRequiredService<IAccountStore>().FindByEmailAsync(email))!.Account.SubscriberNumber, flowId);
    }

    private async Task<string> VerifyAsync(string email, string client)
    {
        await graph.Request<RecoveryIdentification>().IdentifyAsync(email, client);
        var values = await graph.LastOutboxValuesAsync(email);
        var token = Uri.UnescapeDataString(values["RecoveryUrl"].Split("#token=")[1]);
        return (await graph.Request<MailboxVerification>().VerifyLinkAsync(token, "fr", client)).FlowId;
    }

    private async Task<RecoveryFlow> FlowAsync(string flowId) => (await graph.Request<RecoveryFlows>().FindAsync(flowId))!;

    private async Task<IEnumerable<string>> AuditTypesAsync(string number)
        => (await graph.Services.GetRequiredService<IAuditLog>().ListAsync(number, 50)).Select(e => e.Type);
}
