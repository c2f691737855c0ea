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
/// The reset does not write the flow row either: the account records the completed flow, so a replay or a concurrent loser
/// is told <c>link-used</c> as when the row was closed ("The completed flow").
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

    /// <summary>
    /// The reset leaves the flow row as it was and records a keyed id of the flow on the account; the flow is then refused
    /// <c>link-used</c> at every step that takes it (again the password, the answer, the extension), not <c>link-expired</c>.
    /// </summary>
    [Fact]
    public async Task Password_Completed_FlowRowUntouched_ReplayLinkUsedAtEveryStep()
    {
        var (number, flowId) = await VerifiedFlowAsync("192.0.2.66");
        await graph.Request<SecurityAnswerCheck>().AnswerAsync(flowId, ServiceGraphFixture.AccountAnswer);
        var before = await FlowAsync(flowId);

        await ResetAsync(flowId);

        Assert.Equal(before, await FlowAsync(flowId));
        var account = (await graph.Services.GetRequiredService<IAccountStore>().GetAsync(number))!.Account;
        Assert.NotNull(account.CompletedFlow);
        Assert.DoesNotContain(flowId, account.CompletedFlow, StringComparison.Ordinal);
        await AssertSpentAsync(flowId);
        Assert.Single(await AuditTypesAsync(number), t => t == AuditEventTypes.PasswordReset);
    }

    /// <summary>
    /// A flow that reached the password stage by an enrolled factor or FranceConnect (no answer recorded anywhere): ten
    /// parallel posts, one reset, the others and every replay <c>link-used</c>.
    /// </summary>
    [Theory]
    [InlineData(RecoveryFactor.RecoveryCode)]
    [InlineData(RecoveryFactor.FranceConnect)]
    [InlineData(RecoveryFactor.Passkey)]
    public async Task Password_FactorOpenedFlow_TenParallelPosts_OneWinner_ReplayLinkUsed(RecoveryFactor factor)
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active);
        var holder = (await graph.Services.GetRequiredService<IAccountStore>().FindByEmailAsync(email))!.Account;
        var (_, flowId) = await graph.Request<RecoveryFlows>().OpenAfterFactorAsync(holder, factor, graph.Time.GetUtcNow());

        var outcomes = await InParallelAsync(10, () => ResetAsync(flowId));

        Assert.Single(outcomes, o => o == "ok");
        Assert.All(outcomes.Where(o => o != "ok"), o => Assert.Equal(ProblemCode.LinkUsed.Value, o));
        Assert.Single(await AuditTypesAsync(holder.SubscriberNumber), t => t == AuditEventTypes.PasswordReset);
        await AssertSpentAsync(flowId);
    }

    /// <summary>
    /// The account keeps one completed flow: a later reset by another flow replaces it, so the older flow is then told
    /// <c>link-expired</c> (the stamp revoked it) where its closed row said <c>link-used</c>: the documented cost.
    /// </summary>
    [Fact]
    public async Task Password_AnotherFlowCompletedSince_OlderReplayLinkExpired()
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active);
        var holder = (await graph.Services.GetRequiredService<IAccountStore>().FindByEmailAsync(email))!.Account;
        var (_, first) = await graph.Request<RecoveryFlows>().OpenAfterFactorAsync(holder, RecoveryFactor.RecoveryCode, graph.Time.GetUtcNow());
        await ResetAsync(first);
        var renewed = (await graph.Services.GetRequiredService<IAccountStore>().GetAsync(holder.SubscriberNumber))!.Account;
        var (_, second) = await graph.Request<RecoveryFlows>().OpenAfterFactorAsync(renewed, RecoveryFactor.RecoveryCode, graph.Time.GetUtcNow());
        await graph.Request<PasswordReset>().ResetAsync(second, "Encore-Un-Depart-2027y", "Encore-Un-Depart-2027y", "fr");

        Assert.Equal(ProblemCode.LinkExpired, (await Assert.ThrowsAsync<DomainException>(() => ResetAsync(first))).Problem);
        await AssertSpentAsync(second);
    }

    private async Task AssertSpentAsync(string flowId)
    {
        Assert.Equal(ProblemCode.LinkUsed, (await Assert.ThrowsAsync<DomainException>(() => ResetAsync(flowId))).Problem);
        Assert.Equal(ProblemCode.LinkUsed, (await Assert.ThrowsAsync<DomainException>(() => graph.Request<SecurityAnswerCheck>().AnswerAsync(flowId, ServiceGraphFixture.AccountAnswer))).Problem);
        Assert.Equal(ProblemCode.LinkUsed, (await Assert.ThrowsAsync<DomainException>(() => graph.Request<RecoveryFlows>().ExtendAsync(flowId))).Problem);
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
