using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Assistance;
using RecoveryFunctions.Core.FranceConnect;
using RecoveryFunctions.Core.Tokens;
using RecoveryFunctions.TestSupport.InMemory;

namespace RecoveryFunctions.Tests.FranceConnect;

/// <summary>The helpdesk's account view says whether a FranceConnect identity is bound, never which one.</summary>
public sealed class FranceConnectAgentViewTests(InMemoryServiceGraph graph) : IClassFixture<InMemoryServiceGraph>
{
    [Fact]
    public async Task AgentLookUp_BoundYesOrNo_NeverTheIdentity()
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active);
        var subscriberNumber = (await graph.Services.GetRequiredService<IAccountStore>().FindByEmailAsync(email))!.Account.SubscriberNumber;
        var agent = new AgentRequest(new AgentIdentity("agent-oid", "Agent FranceConnect"), "Appel de l’usager, identité vérifiée par rappel");
        var before = await graph.Request<AssistanceService>().LookUpAsync(agent, subscriberNumber, "fr");
        var person = new FranceConnectAuthentication("sub-agent", new PivotIdentity("Louise", "VUEAGENT", "1990-05-17", "female", "75056", "99100"), "nonce", "id-token");
        var ring = await graph.Request<ITokenKeyProvider>().GetKeyRingAsync();
        await graph.Services.GetRequiredService<IFranceConnectBindingStore>().TryBindAsync(subscriberNumber, FranceConnectHashes.Binding(ring, person, DateTimeOffset.UnixEpoch));

        var after = await graph.Request<AssistanceService>().LookUpAsync(agent, subscriberNumber, "fr");

        Assert.Equal((false, true), (before.FranceConnectBound, after.FranceConnectBound));
        Assert.DoesNotContain("VUEAGENT", System.Text.Json.JsonSerializer.Serialize(after), StringComparison.OrdinalIgnoreCase);
    }
}
