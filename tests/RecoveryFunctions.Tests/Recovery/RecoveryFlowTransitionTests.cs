using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Tests.Recovery;

/// <summary>
/// Every (stage × action) pair of the forgotten-password flow, live, used and expired, in memory: what each move
/// yields, or the problem code the API answers for it (the codes the end-to-end tests see over HTTP).
/// </summary>
public sealed class RecoveryFlowTransitionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 17, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);
    private static readonly TokenCodec Codec = new(new TokenKeyRing(new byte[32], null));

    public enum Condition
    {
        Live,
        Used,
        Expired,
    }

    /// <summary>The whole table: null where the move is legal.</summary>
    public static TheoryData<RecoveryFlowStage, Condition, RecoveryFlowAction, string?> Table()
    {
        string Used = ProblemCode.LinkUsed.Value;
        string LinkExpired = ProblemCode.LinkExpired.Value;
        string FlowExpired = ProblemCode.FlowExpired.Value;
        string Step = ProblemCode.FlowStepInvalid.Value;
        var rows = new (RecoveryFlowStage Stage, Condition Condition, string? CountCode, string? Prove, string? Answer, string? Factor, string? Complete, string? Extend)[]
        {
            (RecoveryFlowStage.Mailbox, Condition.Live, null, null, Step, Step, Step, Step),
            (RecoveryFlowStage.Mailbox, Condition.Used, Used, Used, Used, Used, Used, Used),
            (RecoveryFlowStage.Mailbox, Condition.Expired, LinkExpired, LinkExpired, FlowExpired, FlowExpired, FlowExpired, FlowExpired),
            (RecoveryFlowStage.Answer, Condition.Live, Step, Step, null, Step, Step, null),
            (RecoveryFlowStage.Answer, Condition.Used, Used, Used, Used, Used, Used, Used),
            (RecoveryFlowStage.Answer, Condition.Expired, LinkExpired, LinkExpired, FlowExpired, FlowExpired, FlowExpired, FlowExpired),
            (RecoveryFlowStage.Factor, Condition.Live, Step, Step, Step, null, Step, null),
            (RecoveryFlowStage.Factor, Condition.Used, Used, Used, Used, Used, Used, Used),
            (RecoveryFlowStage.Factor, Condition.Expired, LinkExpired, LinkExpired, FlowExpired, FlowExpired, FlowExpired, FlowExpired),
            (RecoveryFlowStage.Password, Condition.Live, Step, Step, Step, Step, null, null),
            (RecoveryFlowStage.Password, Condition.Used, Used, Used, Used, Used, Used, Used),
            (RecoveryFlowStage.Password, Condition.Expired, LinkExpired, LinkExpired, FlowExpired, FlowExpired, FlowExpired, FlowExpired),
        };
        var data = new TheoryData<RecoveryFlowStage, Condition, RecoveryFlowAction, string?>();
        foreach (var row in rows)
        {
            data.Add(row.Stage, row.Condition, RecoveryFlowAction.CountCodeAttempt, row.CountCode);
            data.Add(row.Stage, row.Condition, RecoveryFlowAction.ProveMailbox, row.Prove);
            data.Add(row.Stage, row.Condition, RecoveryFlowAction.AcceptAnswer, row.Answer);
            data.Add(row.Stage, row.Condition, RecoveryFlowAction.ProveFactor, row.Factor);
            data.Add(row.Stage, row.Condition, RecoveryFlowAction.Complete, row.Complete);
            data.Add(row.Stage, row.Condition, RecoveryFlowAction.Extend, row.Extend);
        }

        return data;
    }

    [Fact]
    public void Table_EveryStageConditionAndAction_Covered()
    {
        Assert.Equal(Enum.GetValues<RecoveryFlowStage>().Length * Enum.GetValues<Condition>().Length * Enum.GetValues<RecoveryFlowAction>().Length, Table().Count);
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Move_FromStageInCondition_YieldsNextStateOrTheApiCode(RecoveryFlowStage stage, Condition condition, RecoveryFlowAction action, string? expectedCode)
    {
        var flow = Flow(stage, condition);

        if (expectedCode is null)
        {
            var next = Move(flow, action);
            Assert.Equal(Expected(flow, action), next);
            flow.Check(action, Now);
        }
        else
        {
            Assert.Equal(expectedCode, Assert.Throws<DomainException>(() => Move(flow, action)).Code);
            Assert.Equal(expectedCode, Assert.Throws<DomainException>(() => flow.Check(action, Now)).Code);
        }
    }

    [Fact]
    public void CountCodeAttempt_AtTheLimit_LinkExpired()
    {
        var lastTry = Flow(RecoveryFlowStage.Mailbox, Condition.Live) with { Attempts = 4 };
        var spent = lastTry.CountCodeAttempt(Now, 5);

        Assert.Equal(5, spent.Attempts);
        var refused = Assert.Throws<DomainException>(() => spent.CountCodeAttempt(Now, 5));
        Assert.Equal(ProblemCode.LinkExpired.Value, refused.Code);
        Assert.Equal(ProblemFamily.Gone, refused.Family);
    }

    [Fact]
    public void Extend_NearTheCeiling_StopsThereThenRefuses()
    {
        var flow = Flow(RecoveryFlowStage.Answer, Condition.Live) with { ExtendableUntil = Now + TimeSpan.FromMinutes(20) };

        var extended = flow.Extend(Now, Lifetime);

        Assert.Equal(Now + TimeSpan.FromMinutes(20), extended.ExpiresAt);
        var refused = Assert.Throws<DomainException>(() => extended.Extend(Now, Lifetime));
        Assert.Equal(ProblemCode.ExtensionLimitReached.Value, refused.Code);
        Assert.Equal(ProblemFamily.Conflict, refused.Family);
    }

    /// <summary>Where the mailbox proof leads, by profile, origin and enrolled factors (ASVS 6.4.3: never past a factor).</summary>
    [Theory]
    [InlineData(StandardsProfile.Seed, false, false, RecoveryFlowStage.Answer)]
    [InlineData(StandardsProfile.Seed, false, true, RecoveryFlowStage.Answer)]
    [InlineData(StandardsProfile.Seed, true, true, RecoveryFlowStage.Password)]
    [InlineData(StandardsProfile.Asvs, false, false, RecoveryFlowStage.Password)]
    [InlineData(StandardsProfile.Asvs, false, true, RecoveryFlowStage.Factor)]
    [InlineData(StandardsProfile.Asvs, true, true, RecoveryFlowStage.Password)]
    public void OpenAfterMailbox_ProvenMailbox_NewIdAtTheNextStageExtendableToTheCeiling(StandardsProfile profile, bool helpdesk, bool withCodes, RecoveryFlowStage expected)
    {
        var proven = (Flow(RecoveryFlowStage.Mailbox, Condition.Live) with { Helpdesk = helpdesk }).ProveMailbox(Now);
        var account = Account(withCodes);

        var (next, id) = proven.OpenAfterMailbox(Codec, account, profile, Now, Lifetime, TimeSpan.FromHours(1));

        Assert.Equal(expected, next.Stage);
        Assert.Equal(helpdesk, next.Helpdesk);
        Assert.Equal(Now + Lifetime, next.ExpiresAt);
        Assert.Equal(Now + TimeSpan.FromHours(1), next.ExtendableUntil);
        Assert.Null(next.CodeHash);
        Assert.Equal(proven.SubscriberNumber, next.SubscriberNumber);
        Assert.NotEqual(proven.Address, next.Address);
        Assert.Equal(next.Address, Codec.Candidates(id)[0]);
    }

    [Theory]
    [InlineData(RecoveryFlowStage.Mailbox, false)]
    [InlineData(RecoveryFlowStage.Answer, true)]
    [InlineData(RecoveryFlowStage.Password, true)]
    public void OpenAfterMailbox_NotAProvenMailbox_FlowStepInvalid(RecoveryFlowStage stage, bool used)
    {
        var flow = Flow(stage, used ? Condition.Used : Condition.Live);

        Assert.Equal(ProblemCode.FlowStepInvalid.Value, Assert.Throws<DomainException>(() => flow.OpenAfterMailbox(Codec, Account(), StandardsProfile.Seed, Now, Lifetime, Lifetime)).Code);
    }

    [Fact]
    public void EnrolledFactors_RecoveryCodesOrNone()
    {
        Assert.Empty(Account().EnrolledFactors());
        Assert.Equal([RecoveryFactor.RecoveryCode], Account(withCodes: true).EnrolledFactors());
    }

    /// <summary>An enrolled factor (a saved recovery code) enters at the password stage: no mailbox id, no question.</summary>
    [Fact]
    public void OpenAfterFactor_RecoveryCode_PasswordStageBoundToTheAccount_ExtendableThenCompletedOnce()
    {
        var account = Account();

        var (flow, id) = RecoveryFlow.OpenAfterFactor(Codec, account, RecoveryFactor.RecoveryCode, Now, Lifetime, TimeSpan.FromHours(1));

        Assert.Equal(52, id.Length);
        Assert.Equal((RecoveryFlowStage.Password, account.SubscriberNumber, account.SecurityStamp, false), (flow.Stage, flow.SubscriberNumber, flow.SecurityStamp, flow.Helpdesk));
        Assert.Equal((Now + Lifetime, (DateTimeOffset?)(Now + TimeSpan.FromHours(1))), (flow.ExpiresAt, flow.ExtendableUntil));
        Assert.Equal(ProblemCode.FlowStepInvalid, Assert.Throws<DomainException>(() => flow.Check(RecoveryFlowAction.AcceptAnswer, Now)).Problem);
        var completed = flow.Extend(Now, Lifetime).Complete(Now);
        Assert.Equal(ProblemCode.LinkUsed, Assert.Throws<DomainException>(() => completed.Complete(Now)).Problem);
    }

    [Fact]
    public void OpenMailbox_UnknownAccount_SameRowBoundToNobodyThatCannotPassTheProof()
    {
        var (flow, id, _) = RecoveryFlow.OpenMailbox(Codec, null, Now, Now + TimeSpan.FromMinutes(30), "salt:hash", helpdesk: false, TimeSpan.FromHours(1));

        Assert.Null(flow.SubscriberNumber);
        Assert.Equal(RecoveryFlowStage.Mailbox, flow.Stage);
        Assert.Equal(flow.Address, Codec.Candidates(id)[0]);
        Assert.Equal(ProblemCode.LinkExpired.Value, Assert.Throws<DomainException>(() => flow.RequireEligible(null, Now)).Code);
        Assert.Equal(ProblemCode.FlowStepInvalid.Value, Assert.Throws<DomainException>(() => flow.ProveMailbox(Now).OpenAfterMailbox(Codec, Account(), StandardsProfile.Asvs, Now, Lifetime, Lifetime)).Code);
    }

    [Fact]
    public void RequireEligible_ChangedPendingOrLockedAccount_LinkExpiredOrRecoveryLocked()
    {
        var flow = Flow(RecoveryFlowStage.Answer, Condition.Live);
        var account = Account();

        flow.RequireEligible(account, Now);
        Assert.Equal(ProblemCode.LinkExpired.Value, Assert.Throws<DomainException>(() => flow.RequireEligible(account with { SecurityStamp = 8 }, Now)).Code);
        Assert.Equal(ProblemCode.LinkExpired.Value, Assert.Throws<DomainException>(() => flow.RequireEligible(account with { Status = AccountStatus.Pending }, Now)).Code);
        Assert.Equal(ProblemCode.RecoveryLocked.Value, Assert.Throws<DomainException>(() => flow.RequireEligible(account with { RecoveryLockedUntil = Now.AddHours(1) }, Now)).Code);
    }

    [Fact]
    public void DiffersOnlyByExtension_ExtendedVersusMoved_TrueThenFalse()
    {
        var flow = Flow(RecoveryFlowStage.Answer, Condition.Live);

        Assert.True(flow.DiffersOnlyByExtension(flow.Extend(Now, Lifetime) with { Version = "v2" }));
        Assert.False(flow.DiffersOnlyByExtension(flow with { Stage = RecoveryFlowStage.Password, Version = "v2" }));
        Assert.False(flow.DiffersOnlyByExtension(flow with { UsedAt = Now, Version = "v2" }));
    }

    [Fact]
    public void OpenMailbox_Link_CarriesTheFlowAddressAndASecretOnlyItsHashMatches()
    {
        var (mailbox, id, link) = RecoveryFlow.OpenMailbox(Codec, Account(), Now, Now + TimeSpan.FromMinutes(30), null, helpdesk: true, TimeSpan.FromHours(1));

        Assert.True(TokenCodec.TryReadLink(link, out var address, out var secret));
        Assert.Equal(mailbox.Address, address);
        Assert.True(mailbox.LinkMatches(Codec.Ring, secret));
        Assert.False(mailbox.LinkMatches(Codec.Ring, TokenCodec.NewLink(address).Secret));
        Assert.DoesNotContain(secret, mailbox.LinkHash!, StringComparison.Ordinal);
        // The page's id and the emailed link are two secrets: neither gives the other.
        Assert.DoesNotContain(id, link, StringComparison.Ordinal);
        Assert.False((mailbox with { LinkHash = null }).LinkMatches(Codec.Ring, secret));
    }

    /// <summary>
    /// Decision 0010: the mailbox row is bucketed a ceiling past its limit, so the flow its proof opens, up to the last
    /// instant of the link, lands in its partition (one transaction) in a bucket no earlier than its own ceiling; a row
    /// bucketed at its own limit (written before) gets its successor elsewhere, never in a bucket swept while it lives.
    /// </summary>
    [Theory]
    [InlineData(60, true)]
    [InlineData(0, false)]
    public void OpenAfterMailbox_LastInstantOfTheLink_BesideWhenTheBucketOutlivesTheCeiling(int successorMinutes, bool beside)
    {
        var expiresAt = Now + TimeSpan.FromHours(12);
        var (mailbox, _, _) = RecoveryFlow.OpenMailbox(Codec, Account(), Now, expiresAt, null, helpdesk: false, TimeSpan.FromMinutes(successorMinutes));
        var provedAt = expiresAt - TimeSpan.FromSeconds(1);

        var (next, _) = mailbox.ProveMailbox(provedAt).OpenAfterMailbox(Codec, Account(), StandardsProfile.Seed, provedAt, Lifetime, TimeSpan.FromHours(1));

        Assert.Equal(beside, next.Address.Partition == mailbox.Address.Partition);
        Assert.True(ExpiryBucket.Of(next.LatestExpiry) <= long.Parse(next.Address.Partition[..ExpiryBucket.Digits], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The right answer is recorded on the account, not on the flow (decision 0011): the answer-stage flow it names is then
    /// at the password stage for the password step and refuses a second answer; another flow id, or an answer recorded
    /// before the flow was issued, does not count.
    /// </summary>
    [Fact]
    public void AnsweredOn_AccountRecordsThisFlow_CompleteFromTheAnswerStage_SecondAnswerRefused()
    {
        var ring = new TokenKeyRing(new byte[32], null);
        var flow = Flow(RecoveryFlowStage.Answer, Condition.Live);
        var keys = ring.KeyedHashes(RecoveryFlows.AnsweredFlowScope, "the-flow-id");
        var answered = Account().RecordAnsweredFlow(keys[0], Now);

        Assert.True(flow.AnsweredOn(answered, keys));
        Assert.False(flow.AnsweredOn(Account(), keys));
        Assert.False(flow.AnsweredOn(answered, ring.KeyedHashes(RecoveryFlows.AnsweredFlowScope, "another-flow-id")));
        Assert.False(flow.AnsweredOn(Account().RecordAnsweredFlow(keys[0], flow.IssuedAt.AddTicks(-1)), keys));
        Assert.False((flow with { Stage = RecoveryFlowStage.Password }).AnsweredOn(answered, keys));
        Assert.Equal(ProblemCode.FlowStepInvalid, Assert.Throws<DomainException>(() => flow.Complete(Now)).Problem);
        Assert.Equal(flow with { UsedAt = Now }, flow.Complete(Now, answered: true));
        Assert.Equal(ProblemCode.FlowStepInvalid, Assert.Throws<DomainException>(() => flow.Check(RecoveryFlowAction.AcceptAnswer, Now, answered: true)).Problem);
        Assert.Null(answered.ChangePassword("hash", "fp", 5, Now, completesRecovery: true).AnsweredFlow);
    }

    private static RecoveryFlow Checked(RecoveryFlow flow, RecoveryFlowAction action)
    {
        flow.Check(action, Now);
        return flow;
    }

    private static RecoveryFlow Move(RecoveryFlow flow, RecoveryFlowAction action) => action switch
    {
        RecoveryFlowAction.CountCodeAttempt => flow.CountCodeAttempt(Now, 5),
        RecoveryFlowAction.ProveMailbox => flow.ProveMailbox(Now),
        RecoveryFlowAction.AcceptAnswer => Checked(flow, RecoveryFlowAction.AcceptAnswer),
        RecoveryFlowAction.ProveFactor => flow.ProveFactor(Now),
        RecoveryFlowAction.Complete => flow.Complete(Now),
        RecoveryFlowAction.Extend => flow.Extend(Now, Lifetime),
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    /// <summary>What a legal move changes, and nothing else.</summary>
    private static RecoveryFlow Expected(RecoveryFlow flow, RecoveryFlowAction action) => action switch
    {
        RecoveryFlowAction.CountCodeAttempt => flow with { Attempts = flow.Attempts + 1 },
        RecoveryFlowAction.ProveMailbox or RecoveryFlowAction.Complete => flow with { UsedAt = Now },
        RecoveryFlowAction.AcceptAnswer => flow,
        RecoveryFlowAction.ProveFactor => flow with { Stage = RecoveryFlowStage.Password },
        RecoveryFlowAction.Extend => flow with { ExpiresAt = flow.ExpiresAt + Lifetime },
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    private static RecoveryFlow Flow(RecoveryFlowStage stage, Condition condition) => new()
    {
        Address = new TokenAddress("000000001_A", "row"),
        Version = "v1",
        Stage = stage,
        CodeHash = stage == RecoveryFlowStage.Mailbox ? "salt:hash" : null,
        Attempts = 0,
        SubscriberNumber = "1234567890128",
        SecurityStamp = 7,
        IssuedAt = Now - TimeSpan.FromMinutes(5),
        ExpiresAt = condition == Condition.Expired ? Now : Now + TimeSpan.FromMinutes(10),
        ExtendableUntil = stage == RecoveryFlowStage.Mailbox ? null : Now + TimeSpan.FromHours(1),
        UsedAt = condition == Condition.Used ? Now - TimeSpan.FromMinutes(1) : null,
    };

    private static Account Account(bool withCodes = false) => new()
    {
        RecoveryCodes = withCodes ? ["hash-of-a-code"] : [],
        SubscriberNumber = "1234567890128",
        Email = "titulaire@example.fr",
        Status = AccountStatus.Active,
        PasswordHash = "hash",
        SecurityQuestionId = 1,
        SecurityAnswerHash = "hash",
        Language = "fr",
        RegisteredAt = Now.AddDays(-30),
        SecurityStamp = 7,
    };
}
