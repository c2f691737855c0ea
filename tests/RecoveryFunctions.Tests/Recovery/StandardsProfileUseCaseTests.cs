using RecoveryFunctions.Core.Tokens;
using RecoveryFunctions.Core.FranceConnect;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.AccountSpace;
using RecoveryFunctions.Core.Assistance;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Notifications;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Passkeys;
using RecoveryFunctions.Core.Passwords;
using RecoveryFunctions.Core.Questions;
using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Core.RecoveryCodes;
using RecoveryFunctions.Core.Registration;
using RecoveryFunctions.TestSupport;
using RecoveryFunctions.TestSupport.InMemory;
using RecoveryFunctions.Tests.Summary;

namespace RecoveryFunctions.Tests.Recovery;

/// <summary>The key recovery, registration and account-space use cases under the seed profile (today's procedure).</summary>
public sealed class SeedProfileUseCaseTests(InMemoryServiceGraph graph) : StandardsProfileUseCases<InMemoryServiceGraph>(graph)
{
    protected override bool Asvs => false;
}

/// <summary>
/// The same use cases under the ASVS profile (docs/security/standards-profile.md), and what only it does: the factor stage
/// after the mailbox proof, which neither the question, nor the password step, nor the standalone code way gets past.
/// </summary>
public sealed class AsvsProfileUseCaseTests(AsvsServiceGraph graph) : StandardsProfileUseCases<AsvsServiceGraph>(graph)
{
    protected override bool Asvs => true;

    [Fact]
    public async Task FactorStage_AnswerOrNewPassword_FlowStepInvalid_AResetNeverBypassesTheFactor()
    {
        var (_, verified) = await VerifiedAsync(withCodes: true);

        var answer = await Assert.ThrowsAsync<DomainException>(() => Graph.Request<SecurityAnswerCheck>().AnswerAsync(verified.FlowId, ServiceGraphFixture.AccountAnswer));
        var reset = await Assert.ThrowsAsync<DomainException>(() => Graph.Request<PasswordReset>().ResetAsync(verified.FlowId, RecoverySteps.NewPassword, RecoverySteps.NewPassword, "fr"));

        Assert.Equal((ProblemCode.FlowStepInvalid, ProblemCode.FlowStepInvalid), (answer.Problem, reset.Problem));
    }

    [Fact]
    public async Task FactorStage_EnrolledPasskey_OfferedThenProved_NewPassword_AnotherAccountsKeyRefused()
    {
        var email = await Graph.CreateAccountAsync(AccountStatus.Active);
        using var key = new SoftPasskey("https://front.example.fr", "front.example.fr");
        var options = JsonNode.Parse(await Graph.Request<PasskeyService>().BeginRegistrationAsync(await AccountAsync(email), ServiceGraphFixture.AccountPassword))!;
        await Graph.Request<PasskeyService>().FinishRegistrationAsync(await AccountAsync(email), key.Register(options).ToJsonString(), null);
        using var stranger = new SoftPasskey("https://front.example.fr", "front.example.fr");
        var strangerEmail = await Graph.CreateAccountAsync(AccountStatus.Active);
        var strangerOptions = JsonNode.Parse(await Graph.Request<PasskeyService>().BeginRegistrationAsync(await AccountAsync(strangerEmail), ServiceGraphFixture.AccountPassword))!;
        await Graph.Request<PasskeyService>().FinishRegistrationAsync(await AccountAsync(strangerEmail), stranger.Register(strangerOptions).ToJsonString(), null);
        var (_, verified) = await VerifiedAsync(email);
        var factors = Graph.Request<RecoveryFactorCheck>();

        // The flow's ceremony allows only the holder's keys: another account's key proves nothing here.
        var refusedCeremony = await factors.BeginPasskeyAsync(verified.FlowId, "198.51.100.7");
        var refused = await Assert.ThrowsAsync<DomainException>(() => factors.ProvePasskeyAsync(verified.FlowId, refusedCeremony.CeremonyId, stranger.Assert(JsonNode.Parse(refusedCeremony.OptionsJson)!).ToJsonString()));
        var ceremony = await factors.BeginPasskeyAsync(verified.FlowId, "198.51.100.7");
        var proved = await factors.ProvePasskeyAsync(verified.FlowId, ceremony.CeremonyId, key.Assert(JsonNode.Parse(ceremony.OptionsJson)!).ToJsonString());
        await Graph.Request<PasswordReset>().ResetAsync(proved.FlowId, RecoverySteps.NewPassword, RecoverySteps.NewPassword, "fr");

        Assert.Equal(RecoveryFlowStage.Factor, verified.Next);
        Assert.Equal([RecoveryFactor.Passkey], verified.Factors);
        Assert.Equal(ProblemCode.PasskeyInvalid, refused.Problem);
    }

    [Fact]
    public async Task FactorStage_OnePasskeyAnswerFiftyTimesAtOnce_ExactlyOneOpensThePasswordStage()
    {
        var email = await Graph.CreateAccountAsync(AccountStatus.Active);
        using var key = new SoftPasskey("https://front.example.fr", "front.example.fr");
        var options = JsonNode.Parse(await Graph.Request<PasskeyService>().BeginRegistrationAsync(await AccountAsync(email), ServiceGraphFixture.AccountPassword))!;
        await Graph.Request<PasskeyService>().FinishRegistrationAsync(await AccountAsync(email), key.Register(options).ToJsonString(), null);
        var (_, verified) = await VerifiedAsync(email);
        var ceremony = await Graph.Request<RecoveryFactorCheck>().BeginPasskeyAsync(verified.FlowId, "198.51.100.7");
        var answer = key.Assert(JsonNode.Parse(ceremony.OptionsJson)!).ToJsonString();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            try
            {
                return (Flow: await Graph.Request<RecoveryFactorCheck>().ProvePasskeyAsync(verified.FlowId, ceremony.CeremonyId, answer), Refusal: (ProblemCode?)null);
            }
            catch (DomainException e)
            {
                return (Flow: (OpenFlow?)null, Refusal: (ProblemCode?)e.Problem);
            }
        })));

        // The others lose on the spent ceremony, the flow write, or the flow already moved on.
        var winner = Assert.Single(outcomes, o => o.Flow is not null).Flow!;
        Assert.All(outcomes.Where(o => o.Flow is null), o => Assert.Contains(o.Refusal, new ProblemCode?[] { ProblemCode.PasskeyInvalid, ProblemCode.LinkUsed, ProblemCode.FlowStepInvalid }));
        await Graph.Request<PasswordReset>().ResetAsync(winner.FlowId, RecoverySteps.NewPassword, RecoverySteps.NewPassword, "fr");
    }

    [Fact]
    public async Task FactorStage_ThreeWrongCodes_RecoveryLocked_HolderEmailed_RightCodeThenRefused()
    {
        var (email, verified) = await VerifiedAsync(withCodes: true, out var codes);
        Graph.Outbox.Clear();

        for (var left = 2; left > 0; left--)
        {
            var wrong = await Assert.ThrowsAsync<DomainException>(() => ProveAsync(verified.FlowId, RecoveryCodeFormat.NewCode()));
            Assert.Equal((ProblemCode.RecoveryCodeIncorrect, left), (wrong.Problem, wrong.AttemptsLeft));
        }

        var third = await Assert.ThrowsAsync<DomainException>(() => ProveAsync(verified.FlowId, RecoveryCodeFormat.NewCode()));
        var after = await Assert.ThrowsAsync<DomainException>(() => ProveAsync(verified.FlowId, codes[0]));

        Assert.Equal((ProblemCode.RecoveryLocked, ProblemCode.RecoveryLocked), (third.Problem, after.Problem));
        Assert.Equal(EmailTemplate.RecoveryLocked, Assert.Single(Graph.Outbox.Drain(), m => m.To == email).Template);
        Assert.Equal(10, (await AccountAsync(email)).RecoveryCodes.Count);
    }

    [Fact]
    public async Task FactorStage_CodeMistypedShape_ValidationRefusal_NoTryCounted()
    {
        var (email, verified) = await VerifiedAsync(withCodes: true);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => ProveAsync(verified.FlowId, "ABCD-EFGH"));

        Assert.Equal(["recovery-code-malformed"], refusal.Errors!["recoveryCode"]);
        Assert.Equal(0, (await AccountAsync(email)).WrongAnswers);
    }

    [Fact]
    public async Task StandaloneRecoveryCode_InsteadOfTheMailbox_FlowStepInvalid_NothingRead()
    {
        var email = await Graph.CreateAccountAsync(AccountStatus.Active);
        var codes = await GenerateAsync(email);
        Graph.ClearOperations();

        var refusal = await Assert.ThrowsAsync<DomainException>(() => Graph.Request<RecoveryCodeCheck>().RecoverAsync(email, codes[0], "198.51.100.7"));

        Assert.Equal(ProblemCode.FlowStepInvalid, refusal.Problem);
        Assert.Empty(Graph.Operations);
    }
}

/// <summary>Each use case once per profile: the derived class names the profile its fixture runs.</summary>
public abstract class StandardsProfileUseCases<TGraph>(TGraph graph) : IClassFixture<TGraph>
    where TGraph : InMemoryServiceGraph
{
    private static int _client;

    /// <summary>Whether <typeparamref name="TGraph"/> runs the ASVS profile.</summary>
    protected abstract bool Asvs { get; }

    protected TGraph Graph => graph;

    [Fact]
    public async Task Recover_AccountWithCodes_QuestionUnderSeed_CodeUnderAsvs_ThenNewPassword()
    {
        var (email, verified) = await VerifiedAsync(withCodes: true, out var codes);

        Assert.Equal(Asvs ? RecoveryFlowStage.Factor : RecoveryFlowStage.Answer, verified.Next);
        Assert.Equal(Asvs ? new[] { RecoveryFactor.RecoveryCode } : [], verified.Factors);
        Assert.Equal(!Asvs, verified.SecurityQuestion is not null);
        Graph.Outbox.Clear();
        var next = Asvs
            ? await ProveAsync(verified.FlowId, codes[2].ToLowerInvariant())
            : await Graph.Request<SecurityAnswerCheck>().AnswerAsync(verified.FlowId, ServiceGraphFixture.AccountAnswer);
        await Graph.Request<PasswordReset>().ResetAsync(next.FlowId, RecoverySteps.NewPassword, RecoverySteps.NewPassword, "fr");

        Assert.Equal(Asvs ? 9 : 10, (await AccountAsync(email)).RecoveryCodes.Count);
        var sent = Graph.Outbox.Drain().Where(m => m.To == email).Select(m => m.Template);
        Assert.Equal(Asvs ? new[] { EmailTemplate.RecoveryCodeUsed, EmailTemplate.PasswordChanged } : [EmailTemplate.PasswordChanged], sent);
    }

    /// <summary>FranceConnect proves who the person is: in both profiles it stands in for the mailbox, the question and the factor.</summary>
    [Fact]
    public async Task Recover_FranceConnectBoundIdentity_PasswordStageInBothProfiles_ThenNewPassword()
    {
        var email = await Graph.CreateAccountAsync(AccountStatus.Active);
        var person = new FranceConnectAuthentication("sub-" + Guid.NewGuid().ToString("N"), new PivotIdentity("Louise", "PROFIL" + Guid.NewGuid().ToString("N"), "1990-05-17", "female", "75056", "99100"), "nonce", "id-token");
        var ring = await Graph.Request<ITokenKeyProvider>().GetKeyRingAsync();
        await Graph.Services.GetRequiredService<IFranceConnectBindingStore>().TryBindAsync((await AccountAsync(email)).SubscriberNumber, FranceConnectHashes.Binding(ring, person, DateTimeOffset.UnixEpoch));
        var recovery = Graph.Request<FranceConnectRecovery>();

        var flow = (await Graph.Request<FranceConnectLinks>().ReturnAsync(await recovery.MatchAsync(person))).Flow!;
        await Graph.Request<PasswordReset>().ResetAsync(flow.FlowId, RecoverySteps.NewPassword, RecoverySteps.NewPassword, "fr");

        Assert.Equal(2, (await AccountAsync(email)).SecurityStamp);
    }

    [Fact]
    public async Task Recover_NoFactorEnrolled_QuestionUnderSeed_NewPasswordStraightAfterTheMailboxUnderAsvs()
    {
        var (email, verified) = await VerifiedAsync(withCodes: false);

        Assert.Equal(Asvs ? RecoveryFlowStage.Password : RecoveryFlowStage.Answer, verified.Next);
        Assert.Empty(verified.Factors);
        if (Asvs)
        {
            await Graph.Request<PasswordReset>().ResetAsync(verified.FlowId, RecoverySteps.NewPassword, RecoverySteps.NewPassword, "fr");
            Assert.Equal(2, (await AccountAsync(email)).SecurityStamp);
        }
    }

    [Fact]
    public async Task Register_WithoutQuestion_RefusedUnderSeed_AccountWithoutQuestionUnderAsvs()
    {
        var email = $"sans.question.{Guid.NewGuid():N}@example.fr";
        var request = new RegistrationRequest(email, "Pommier-Rouge-7315", null, null, null, "fr");

        if (!Asvs)
        {
            var refusal = Assert.Throws<DomainException>(() => Graph.Request<RegistrationService>().Validate(request));
            Assert.Equal([FieldCodes.FieldRequired, FieldCodes.FieldRequired], [.. refusal.Errors!["securityQuestionId"], .. refusal.Errors!["securityAnswer"]]);
            return;
        }

        await Graph.Request<RegistrationService>().RegisterAsync(request);
        var account = await AccountAsync(email);
        Assert.Equal((0, "", null), (account.SecurityQuestionId, account.SecurityAnswerHash, account.AnswerFingerprint));
    }

    [Fact]
    public async Task AccountSpace_ChangeQuestion_AllowedUnderSeed_FlowStepInvalidUnderAsvs()
    {
        var email = await Graph.CreateAccountAsync(AccountStatus.Active);
        var account = await AccountAsync(email);
        var change = () => Graph.Request<AccountSpaceService>().ChangeSecurityQuestionAsync(account, ServiceGraphFixture.AccountPassword, 3, "Rue des Lilas");

        if (Asvs)
        {
            Assert.Equal(ProblemCode.FlowStepInvalid, (await Assert.ThrowsAsync<DomainException>(change)).Problem);
        }
        else
        {
            await change();
            Assert.Equal(3, (await AccountAsync(email)).SecurityQuestionId);
        }
    }

    /// <summary>
    /// ASVS 6.4.2, "no security question anywhere a person meets": the summary a reset returns, the agent's view, the
    /// reset's email and its PDF, the activation email and its PDF. The account was registered with a question (before
    /// the profile changed): under Asvs it still shows nowhere, and no email names a question even in its footer.
    /// </summary>
    [Fact]
    public async Task Summary_AccountRegisteredWithAQuestion_ShownUnderSeed_NowhereUnderAsvs()
    {
        var (email, verified) = await VerifiedAsync(withCodes: false);
        var account = await AccountAsync(email);
        var question = SecurityQuestionCatalog.Find(account.SecurityQuestionId)!.French;
        var flowId = Asvs ? verified.FlowId : (await Graph.Request<SecurityAnswerCheck>().AnswerAsync(verified.FlowId, ServiceGraphFixture.AccountAnswer)).FlowId;
        Graph.Outbox.Clear();

        var summary = await Graph.Request<PasswordReset>().ResetAsync(flowId, RecoverySteps.NewPassword, RecoverySteps.NewPassword, "fr");
        var agentView = await Graph.Request<AssistanceService>().LookUpAsync(new AgentRequest(new AgentIdentity("agent-oid", "Agent Profil"), "Vérification du récapitulatif"), account.SubscriberNumber, "fr");
        await Graph.Request<Notifier>().SendAsync(EmailTemplate.RegistrationSummary, email, "fr", SummaryEmail.Values(account, Asvs ? StandardsProfile.Asvs : StandardsProfile.Seed), EmailBudget.None);
        var renderer = Graph.Services.GetRequiredService<IEmailRenderer>();
        var sent = Graph.Outbox.Drain().Where(m => m.To == email).ToList();
        var emails = sent.Select(m => renderer.Render(m.Template, m.Language, m.Values)).ToList();

        // The agent's look-up tells the holder (AssistanceAction): that email names no question either.
        Assert.Equal([EmailTemplate.PasswordChanged, EmailTemplate.AssistanceAction, EmailTemplate.RegistrationSummary], sent.Select(m => m.Template));
        var pdfs = emails.Where(e => e.Attachments is { Count: > 0 }).Select(e => PdfText.Read(Assert.Single(e.Attachments!).Content).Text).ToList();
        Assert.Equal(2, pdfs.Count);
        if (Asvs)
        {
            Assert.Equal((null, null), (summary.SecurityQuestion, agentView.SecurityQuestion));
            Assert.All(emails.SelectMany(e => new[] { e.PlainText, e.Html }).Concat(pdfs), text => Assert.DoesNotContain("question", text, StringComparison.OrdinalIgnoreCase));
        }
        else
        {
            Assert.Equal((question, question), (summary.SecurityQuestion?.Text, agentView.SecurityQuestion?.Text));
            Assert.All(pdfs, text => Assert.Contains(PdfText.Flat(question), text, StringComparison.Ordinal));
            Assert.Contains($"Question de confiance\u00A0: {question}", emails[2].PlainText, StringComparison.Ordinal);
        }
    }

    /// <summary>ASVS 6.2.1, 6.2.5, 6.2.9: 15 characters at least, 64 and more allowed, no composition rule; common and context words refused either way.</summary>
    [Theory]
    [InlineData("cerises et framboises du jardin", false, true)]
    [InlineData("Pommier-Rouge-7315", true, true)]
    [InlineData("Kx7!vRq2#mWz", true, false)]
    [InlineData("impots.gouv.fr est mon mot de passe", false, false)]
    public void PasswordRules_SeedAndAsvs(string candidate, bool seedAccepts, bool asvsAccepts)
    {
        var violations = Graph.Services.GetRequiredService<PasswordPolicy>().Validate(candidate, new PasswordContext("jean.dupont@example.fr", "1234567890128"));

        Assert.Equal(Asvs ? asvsAccepts : seedAccepts, violations.Count == 0);
        Assert.DoesNotContain(Graph.Services.GetRequiredService<PasswordPolicy>().Validate(new string('k', 40) + " 64 caractères et plus restent acceptés", PasswordContext.None), v => v.Code == PasswordRuleCodes.TooLong);
    }

    protected Task<(string Email, VerifiedFlow Verified)> VerifiedAsync(bool withCodes) => VerifiedAsync(withCodes, out _);

    protected Task<(string Email, VerifiedFlow Verified)> VerifiedAsync(bool withCodes, out string[] codes)
    {
        var generated = new string[RecoveryCodeFormat.SetSize];
        codes = generated;
        return Run();

        async Task<(string, VerifiedFlow)> Run()
        {
            var email = await graph.CreateAccountAsync(AccountStatus.Active);
            if (withCodes)
            {
                (await GenerateAsync(email)).CopyTo(generated, 0);
            }

            return await VerifiedAsync(email);
        }
    }

    /// <summary>The emailed code of a recovery asked for <paramref name="email"/>, typed back: the flow past the mailbox.</summary>
    protected async Task<(string Email, VerifiedFlow Verified)> VerifiedAsync(string email)
    {
        var client = NextClient();
        var flow = await graph.Request<RecoveryIdentification>().IdentifyAsync(email, client);
        var values = (await graph.DrainOutboxAsync()).Last(m => m.To == email && m.Template == EmailTemplate.RecoveryLink).Values;
        return (email, await graph.Request<MailboxVerification>().VerifyCodeAsync(flow.FlowId, values[EmailValueKeys.Code], "fr", client));
    }

    protected Task<OpenFlow> ProveAsync(string flowId, string code) => graph.Request<RecoveryFactorCheck>().ProveRecoveryCodeAsync(flowId, code);

    protected async Task<string[]> GenerateAsync(string email)
        => [.. (await graph.Request<RecoveryCodeIssuer>().GenerateAsync(await AccountAsync(email), ServiceGraphFixture.AccountPassword)).Codes];

    protected async Task<Account> AccountAsync(string email)
        => (await graph.Services.GetRequiredService<IAccountStore>().FindByEmailAsync(email))!.Account;

    private static string NextClient() => $"198.51.100.{Interlocked.Increment(ref _client) % 250}";
}
