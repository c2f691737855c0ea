using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.AccountSpace;
using RecoveryFunctions.Core.Assistance;
using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Passkeys;
using RecoveryFunctions.Core.Sessions;
using RecoveryFunctions.TestSupport;
using RecoveryFunctions.TestSupport.InMemory;

namespace RecoveryFunctions.Tests.Passkeys;

/// <summary>
/// Passkeys (docs/security/passkeys.md) on the Core services and the in-memory adapters, answered by a software
/// authenticator (<see cref="SoftPasskey"/>): creation behind the password, sign-in, counters, single use, removal,
/// the agent's revocation, and the password set without the old one from a fresh passkey session.
/// </summary>
public sealed class PasskeyUseCaseTests(InMemoryServiceGraph graph) : IClassFixture<InMemoryServiceGraph>, IDisposable
{
    private const string Origin = "https://front.example.fr";
    private readonly List<SoftPasskey> _keys = [];
    private int _client;

    [Fact]
    public async Task Create_PasswordAgain_KeyOnAccountWithRandomHandle_Indexed_AuditedAndEmailed()
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active);
        graph.Outbox.Clear();

        var (key, passkey) = await CreateAsync(email, "Mon téléphone");

        var account = await AccountAsync(email);
        var stored = Assert.Single(account.Passkeys);
        Assert.Equal((key.CredentialId, "Mon téléphone", 0L), (stored.Id, stored.Name, stored.SignCount));
        Assert.Equal(passkey, stored);
        // WebAuthn L3: 32 random bytes, nothing of the holder in it.
        Assert.Equal(43, account.PasskeyUserHandle!.Length);
        Assert.DoesNotContain(account.SubscriberNumber, account.PasskeyUserHandle, StringComparison.Ordinal);
        Assert.Equal(account.SubscriberNumber, await graph.Services.GetRequiredService<IPasskeyIndex>().FindAsync(key.CredentialId));
        var notice = Assert.Single(graph.Outbox.Drain(), m => m.To == email);
        Assert.Equal((EmailTemplate.PasskeyAdded, "Mon téléphone"), (notice.Template, notice.Values[EmailValueKeys.PasskeyName]));
        Assert.Contains(await graph.Services.GetRequiredService<IAuditLog>().ListAsync(account.SubscriberNumber, 50), e => e.Type == AuditEventTypes.PasskeyAdded);
    }

    [Fact]
    public async Task Create_WrongPassword_Refused_NoCeremonyNoHandle()
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active);

        var refusal = await Assert.ThrowsAsync<DomainException>(async () => await graph.Request<PasskeyService>().BeginRegistrationAsync(await AccountAsync(email), "Pas-Le-Bon-2026"));

        Assert.Equal(ProblemCode.PasswordIncorrect, refusal.Problem);
        Assert.Null((await AccountAsync(email)).PasskeyUserHandle);
        Assert.Equal(1, (await AccountAsync(email)).FailedSignIns);
    }

    [Fact]
    public async Task Create_CeremonyAnsweredTwice_OrFromAnotherOrigin_Refused()
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active);
        var options = await BeginCreationAsync(email);
        var key = NewKey();
        var answer = key.Register(options);
        await graph.Request<PasskeyService>().FinishRegistrationAsync(await AccountAsync(email), answer.ToJsonString(), null);

        var again = await Assert.ThrowsAsync<DomainException>(async () => await graph.Request<PasskeyService>().FinishRegistrationAsync(await AccountAsync(email), answer.ToJsonString(), null));
        var phishing = NewKey("https://front.example.fr.evil.example");
        var elsewhere = await Assert.ThrowsAsync<DomainException>(async () => await graph.Request<PasskeyService>().FinishRegistrationAsync(await AccountAsync(email), phishing.Register(await BeginCreationAsync(email)).ToJsonString(), null));

        Assert.Equal(ProblemCode.PasskeyRegistrationInvalid, again.Problem);
        Assert.Equal(ProblemCode.PasskeyRegistrationInvalid, elsewhere.Problem);
        Assert.Equal("Clé d'accès 1", Assert.Single((await AccountAsync(email)).Passkeys).Name);
    }

    [Fact]
    public async Task SignIn_KnownKey_SessionForTheAccount_CounterMoved_ClientAttemptGivenBack_NoEmail()
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active);
        var (key, _) = await CreateAsync(email);
        graph.Outbox.Clear();

        var grant = await SignInAsync(key);

        var account = await graph.Request<SessionService>().AuthenticateAsync(grant.SessionToken);
        Assert.Equal(email, account.Email);
        var stored = Assert.Single(account.Passkeys);
        Assert.Equal(1, stored.SignCount);
        Assert.Equal(graph.Time.GetUtcNow(), stored.LastUsedAt);
        Assert.Empty(graph.Outbox.Drain());
    }

    [Fact]
    public async Task SignIn_ClonedKeyReplaysAnOldCounter_Refused_ButCountersBothZeroPass()
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active);
        var (key, _) = await CreateAsync(email);
        await SignInAsync(key, counter: 5);

        var clone = await Assert.ThrowsAsync<DomainException>(() => SignInAsync(key, counter: 5));
        var lower = await Assert.ThrowsAsync<DomainException>(() => SignInAsync(key, counter: 3));
        await SignInAsync(key, counter: 6);

        // An authenticator without a counter (always 0) keeps working, as WebAuthn L3 allows.
        var otherEmail = await graph.CreateAccountAsync(AccountStatus.Active);
        var (counterless, _) = await CreateAsync(otherEmail);
        await SignInAsync(counterless, counter: 0);
        await SignInAsync(counterless, counter: 0);

        Assert.Equal(ProblemCode.PasskeyInvalid, clone.Problem);
        Assert.Equal(ProblemCode.PasskeyInvalid, lower.Problem);
        Assert.Equal(6, Assert.Single((await AccountAsync(email)).Passkeys).SignCount);
    }

    [Fact]
    public async Task SignIn_UnknownKey_SameRefusalAndStorageOperationsAsAKnownKeysBadSignature()
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active);
        var (known, _) = await CreateAsync(email);
        var stranger = NewKey();
        stranger.Register(await BeginCreationAsync(await graph.CreateAccountAsync(AccountStatus.Active)));

        var (knownOperations, knownRefusal) = await RefusedSignInAsync(options => Forged(known, stranger.Assert(options)));
        var (unknownOperations, unknownRefusal) = await RefusedSignInAsync(options => stranger.Assert(options));

        Assert.Equal(ProblemCode.PasskeyInvalid, knownRefusal.Problem);
        Assert.Equal(ProblemCode.PasskeyInvalid, unknownRefusal.Problem);
        Assert.Contains("GET PasskeyIndex", knownOperations);
        Assert.Contains("GET Accounts", knownOperations);
        Assert.Equal(knownOperations, unknownOperations);
    }

    [Fact]
    public async Task SignIn_FiftyAnswersToOneCeremony_ExactlyOneSession()
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active);
        var (key, _) = await CreateAsync(email);
        var ceremony = await graph.Request<PasskeySignIn>().BeginAsync(NextClient());
        var answer = key.Assert(JsonNode.Parse(ceremony.OptionsJson)!).ToJsonString();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            try
            {
                return (await graph.Request<PasskeySignIn>().SignInAsync(ceremony.CeremonyId, answer, NextClient())).SessionToken;
            }
            catch (DomainException e) when (e.Problem == ProblemCode.PasskeyInvalid)
            {
                return null;
            }
        })));

        Assert.Single(outcomes, t => t is not null);
        Assert.Equal(1, Assert.Single((await AccountAsync(email)).Passkeys).SignCount);
    }

    [Fact]
    public async Task Password_FromAFreshPasskeySession_SetWithoutTheOldOne_NotFromAPasswordSessionNorLater()
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active);
        var (key, _) = await CreateAsync(email);
        var byPassword = await graph.Request<SignInService>().SignInAsync(email, ServiceGraphFixture.AccountPassword, NextClient());
        var late = await SignInAsync(key);
        graph.Time.Advance(TimeSpan.FromMinutes(11));
        var fresh = await SignInAsync(key);

        var fromPassword = await Assert.ThrowsAsync<DomainException>(() => ChangeWithoutOldAsync(byPassword.SessionToken));
        var tooLate = await Assert.ThrowsAsync<DomainException>(() => ChangeWithoutOldAsync(late.SessionToken));
        var before = await AccountAsync(email);
        await ChangeWithoutOldAsync(fresh.SessionToken);

        Assert.Equal(ProblemCode.PasswordIncorrect, fromPassword.Problem);
        Assert.Equal(ProblemCode.PasswordIncorrect, tooLate.Problem);
        Assert.Equal(before.SecurityStamp + 1, (await AccountAsync(email)).SecurityStamp);
        await graph.Request<SignInService>().SignInAsync(email, RecoverySteps.NewPassword, NextClient());
        // The key survives the password change, with every session gone.
        await Assert.ThrowsAsync<DomainException>(() => graph.Request<SessionService>().AuthenticateAsync(fresh.SessionToken));
        await SignInAsync(key);
    }

    [Fact]
    public async Task RenameThenRemove_KeyNoLongerSignsIn_IndexFreed_RemovalEmailed()
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active);
        var (key, _) = await CreateAsync(email);
        var renamed = await graph.Request<PasskeyService>().RenameAsync(await AccountAsync(email), key.CredentialId, "  Ordinateur du bureau ");
        graph.Outbox.Clear();

        await graph.Request<PasskeyService>().RemoveAsync(await AccountAsync(email), key.CredentialId);

        Assert.Equal("Ordinateur du bureau", renamed.Name);
        Assert.Empty((await AccountAsync(email)).Passkeys);
        Assert.Null(await graph.Services.GetRequiredService<IPasskeyIndex>().FindAsync(key.CredentialId));
        var notice = Assert.Single(graph.Outbox.Drain(), m => m.To == email);
        Assert.Equal((EmailTemplate.PasskeyRemoved, "Ordinateur du bureau"), (notice.Template, notice.Values[EmailValueKeys.PasskeyName]));
        Assert.Equal(ProblemCode.PasskeyInvalid, (await Assert.ThrowsAsync<DomainException>(() => SignInAsync(key))).Problem);
        var missing = await Assert.ThrowsAsync<DomainException>(async () => await graph.Request<PasskeyService>().RemoveAsync(await AccountAsync(email), key.CredentialId));
        Assert.Equal(ProblemCode.PasskeyNotFound, missing.Problem);
    }

    [Fact]
    public async Task Agent_SeesTheCountNeverTheKeys_RevokesThemAll_AuditedWithReason_HolderEmailed()
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active);
        var (first, _) = await CreateAsync(email);
        var (second, _) = await CreateAsync(email);
        var subscriberNumber = (await AccountAsync(email)).SubscriberNumber;
        var agent = new AgentRequest(new AgentIdentity("agent-oid", "Agent Clés"), "Téléphone perdu, identité vérifiée par rappel");
        var view = await graph.Request<AssistanceService>().LookUpAsync(agent, subscriberNumber, "fr");
        graph.Outbox.Clear();

        await graph.Request<AssistanceService>().RevokePasskeysAsync(agent, subscriberNumber);

        Assert.Equal(2, view.PasskeyCount);
        Assert.Empty((await AccountAsync(email)).Passkeys);
        Assert.Null(await graph.Services.GetRequiredService<IPasskeyIndex>().FindAsync(first.CredentialId));
        var entry = Assert.Single(await graph.Services.GetRequiredService<IAuditLog>().ListAsync(subscriberNumber, 50), e => e.Type == AuditEventTypes.AgentPasskeysRevoked);
        Assert.Equal(("agent-oid", agent.Reason), (entry.AgentId, entry.Reason));
        Assert.Equal(EmailTemplate.AssistanceAction, Assert.Single(graph.Outbox.Drain(), m => m.To == email).Template);
        Assert.Equal(ProblemCode.PasskeyInvalid, (await Assert.ThrowsAsync<DomainException>(() => SignInAsync(second))).Problem);
    }

    public void Dispose()
    {
        foreach (var key in _keys)
        {
            key.Dispose();
        }
    }

    private async Task<(SoftPasskey Key, Passkey Passkey)> CreateAsync(string email, string? name = null)
    {
        var key = NewKey();
        var answer = key.Register(await BeginCreationAsync(email));
        return (key, await graph.Request<PasskeyService>().FinishRegistrationAsync(await AccountAsync(email), answer.ToJsonString(), name));
    }

    private async Task<JsonNode> BeginCreationAsync(string email)
        => JsonNode.Parse(await graph.Request<PasskeyService>().BeginRegistrationAsync(await AccountAsync(email), ServiceGraphFixture.AccountPassword))!;

    private async Task<SessionGrant> SignInAsync(SoftPasskey key, uint? counter = null)
    {
        var ceremony = await graph.Request<PasskeySignIn>().BeginAsync(NextClient());
        var answer = key.Assert(JsonNode.Parse(ceremony.OptionsJson)!, counter);
        return await graph.Request<PasskeySignIn>().SignInAsync(ceremony.CeremonyId, answer.ToJsonString(), NextClient());
    }

    private async Task<(List<string> Operations, DomainException Refusal)> RefusedSignInAsync(Func<JsonNode, JsonObject> answer)
    {
        var ceremony = await graph.Request<PasskeySignIn>().BeginAsync(NextClient());
        var response = answer(JsonNode.Parse(ceremony.OptionsJson)!).ToJsonString();
        graph.ClearOperations();
        var refusal = await Assert.ThrowsAsync<DomainException>(() => graph.Request<PasskeySignIn>().SignInAsync(ceremony.CeremonyId, response, NextClient()));
        return ([.. graph.Operations.Select(o => $"{o.Method} {o.Resource}")], refusal);
    }

    /// <summary>An answer signed by another key, presented under <paramref name="victim"/>'s credential id.</summary>
    private static JsonObject Forged(SoftPasskey victim, JsonObject answer)
    {
        answer["id"] = victim.CredentialId;
        answer["rawId"] = victim.CredentialId;
        return answer;
    }

    private async Task ChangeWithoutOldAsync(string sessionToken)
    {
        var account = await graph.Request<SessionService>().AuthenticateAsync(sessionToken);
        await graph.Request<AccountSpaceService>().ChangePasswordAfterPasskeyAsync(account, sessionToken, RecoverySteps.NewPassword);
    }

    private SoftPasskey NewKey(string origin = Origin)
    {
        var key = new SoftPasskey(origin, "front.example.fr");
        _keys.Add(key);
        return key;
    }

    private async Task<Account> AccountAsync(string email)
        => (await graph.Services.GetRequiredService<IAccountStore>().FindByEmailAsync(email))!.Account;

    private string NextClient() => $"203.0.113.{Interlocked.Increment(ref _client) % 250}";
}
