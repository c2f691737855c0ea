using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.AccountSpace;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.FranceConnect;
using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Core.Tokens;
using RecoveryFunctions.TestSupport;
using RecoveryFunctions.TestSupport.InMemory;

namespace RecoveryFunctions.Tests.FranceConnect;

/// <summary>
/// A new login address at the end of a FranceConnect recovery (issue 22 item 2), on the in-memory graph: the new
/// password as usual, the new address confirmed by the address-change link sent to it, the old address told; a flow
/// opened any other way, or a malformed address, refused before the flow is spent.
/// </summary>
public sealed class FranceConnectNewAddressTests(InMemoryServiceGraph graph) : IClassFixture<InMemoryServiceGraph>
{
    private const string NewPassword = "Nouveau-Tilleul-4830";

    [Fact]
    public async Task Recover_ThroughFranceConnect_WithANewAddress_ConfirmedByItsLink_OldAddressTold()
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active);
        var flowId = await FranceConnectFlowAsync(email);
        var newEmail = $"nouvelle.{Guid.NewGuid():N}@example.fr";
        await graph.DrainOutboxAsync();

        await graph.Request<PasswordReset>().ResetAsync(flowId, NewPassword, NewPassword, "fr", newEmail);

        var sent = await graph.DrainOutboxAsync();
        Assert.Contains(sent, m => m.To == email && m.Template == EmailTemplate.PasswordChanged);
        Assert.Contains(sent, m => m.To == email && m.Template == EmailTemplate.EmailChangeRequested);
        var link = sent.Single(m => m.To == newEmail && m.Template == EmailTemplate.EmailChangeLink).Values[EmailValueKeys.ConfirmUrl];
        Assert.Equal(email, (await AccountAsync(email))!.Email);

        await graph.Request<EmailChangeService>().ConfirmAsync(Journeys.TokenInUrl(link), "fr");

        Assert.Null(await AccountAsync(email));
        Assert.NotNull(await AccountAsync(newEmail));
        Assert.Contains(await graph.DrainOutboxAsync(), m => m.To == email && m.Template == EmailTemplate.EmailChanged);
    }

    [Fact]
    public async Task Recover_NotThroughFranceConnect_ANewAddressRefused_TheFlowStillResets()
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active);
        var (_, flowId) = await graph.Request<RecoveryFlows>().OpenAfterFactorAsync((await AccountAsync(email))!, RecoveryFactor.RecoveryCode, graph.Time.GetUtcNow());

        var refused = await Assert.ThrowsAsync<DomainException>(() => graph.Request<PasswordReset>().ResetAsync(flowId, NewPassword, NewPassword, "fr", "autre@example.fr"));

        Assert.Equal(ProblemCode.FlowStepInvalid, refused.Problem);
        await graph.Request<PasswordReset>().ResetAsync(flowId, NewPassword, NewPassword, "fr");
    }

    [Fact]
    public async Task Recover_ThroughFranceConnect_MalformedOrSameAddress_FieldErrorAndTheFlowUnspent()
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active);
        var flowId = await FranceConnectFlowAsync(email);

        var malformed = await Assert.ThrowsAsync<DomainException>(() => graph.Request<PasswordReset>().ResetAsync(flowId, NewPassword, NewPassword, "fr", "pas-une-adresse"));
        var same = await Assert.ThrowsAsync<DomainException>(() => graph.Request<PasswordReset>().ResetAsync(flowId, NewPassword, NewPassword, "fr", email));

        Assert.Equal([FieldCodes.EmailInvalid, FieldCodes.EmailUnchanged], [malformed.Errors!["newEmail"][0], same.Errors!["newEmail"][0]]);
        await graph.Request<PasswordReset>().ResetAsync(flowId, NewPassword, NewPassword, "fr");
    }

    /// <summary>A person bound to the account of <paramref name="email"/>, matched and resumed as after FranceConnect's logout.</summary>
    private async Task<string> FranceConnectFlowAsync(string email)
    {
        var person = new FranceConnectAuthentication("sub-" + Guid.NewGuid().ToString("N"), new PivotIdentity("Louise", "ADRESSE" + Guid.NewGuid().ToString("N"), "1990-05-17", "female", "75056", "99100"), "nonce", "id-token");
        var ring = await graph.Request<ITokenKeyProvider>().GetKeyRingAsync();
        Assert.True(await graph.Services.GetRequiredService<IFranceConnectBindingStore>().TryBindAsync((await AccountAsync(email))!.SubscriberNumber, FranceConnectHashes.Binding(ring, person, graph.Time.GetUtcNow())));
        var state = await graph.Request<FranceConnectRecovery>().MatchAsync(person);
        return (await graph.Request<FranceConnectLinks>().ReturnAsync(state)).Flow!.FlowId;
    }

    private async Task<Account?> AccountAsync(string email)
        => (await graph.Services.GetRequiredService<IAccountStore>().FindByEmailAsync(email))?.Account;
}
