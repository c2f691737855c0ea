using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.FranceConnect;
using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Core.Tokens;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.FranceConnect;

/// <summary>
/// The recovery's look-up on the real SDK clients (Azurite): an identity bound to nobody, to a pending account or to a
/// locked one is "no match" with the same storage operations, kinds, count and order; a bound active account gets a flow
/// at the password stage.
/// </summary>
public sealed class FranceConnectRecoveryOperationsTests(ServiceGraphFixture graph) : IClassFixture<ServiceGraphFixture>
{
    [Fact]
    public async Task Recover_UnboundOrBoundToPendingOrLocked_NoMatch_SameOperations()
    {
        var now = graph.Time.GetUtcNow();
        var pending = await BoundAsync(await graph.CreateAccountAsync(AccountStatus.Pending));
        var locked = await BoundAsync(await graph.CreateAccountAsync(AccountStatus.Active, now.AddHours(12)));
        var unbound = Person();

        var seen = new List<IReadOnlyList<string>>();
        foreach (var person in new[] { unbound, pending, locked })
        {
            graph.StorageOperations.Clear();
            Assert.Null(await graph.Request<FranceConnectRecovery>().MatchAsync(person));
            seen.Add([.. graph.StorageOperations.Requests.Select(r => $"{r.Method} {r.Resource}")]);
        }

        Assert.Contains(seen[0], op => op.Contains("FranceConnectBindings", StringComparison.Ordinal));
        Assert.Contains(seen[0], op => op.Contains("Accounts", StringComparison.Ordinal));
        Assert.All(seen, operations => Assert.Equal(seen[0], operations));
    }

    [Fact]
    public async Task Recover_BoundActiveAccount_FlowAtThePasswordStage()
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active);
        var person = await BoundAsync(email);

        var recovery = graph.Request<FranceConnectRecovery>();
        var opened = (await graph.Request<FranceConnectLinks>().ReturnAsync(await recovery.MatchAsync(person))).Flow!;

        var flow = await graph.Request<RecoveryFlows>().FindAsync(opened.FlowId);
        Assert.Equal(RecoveryFlowStage.Password, flow!.Stage);
        Assert.Equal((await AccountAsync(email)).SubscriberNumber, flow.SubscriberNumber);
    }

    private static FranceConnectAuthentication Person()
        => new("sub-" + Guid.NewGuid().ToString("N"), new PivotIdentity("Louise", "TEST" + Guid.NewGuid().ToString("N"), "1990-05-17", "female", "75056", "99100"), "nonce", "id-token");

    /// <summary>A new person bound to the account of <paramref name="email"/>, as the account space binds one.</summary>
    private async Task<FranceConnectAuthentication> BoundAsync(string email)
    {
        var person = Person();
        var ring = await graph.Request<ITokenKeyProvider>().GetKeyRingAsync();
        Assert.True(await graph.Services.GetRequiredService<IFranceConnectBindingStore>().TryBindAsync((await AccountAsync(email)).SubscriberNumber, FranceConnectHashes.Binding(ring, person, graph.Time.GetUtcNow())));
        return person;
    }

    private async Task<Account> AccountAsync(string email)
        => (await graph.Services.GetRequiredService<IAccountStore>().FindByEmailAsync(email))!.Account;
}
