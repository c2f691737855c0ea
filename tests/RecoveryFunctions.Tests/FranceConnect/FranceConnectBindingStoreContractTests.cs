using Azure.Data.Tables;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.FranceConnect;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Core.Tokens;
using RecoveryFunctions.DevServices;
using RecoveryFunctions.DevServices.FranceConnect;
using RecoveryFunctions.Infrastructure.FranceConnect;
using RecoveryFunctions.Infrastructure.Storage;
using RecoveryFunctions.Tests.Contracts;
using RecoveryFunctions.TestSupport;
using RecoveryFunctions.TestSupport.InMemory;

namespace RecoveryFunctions.Tests.FranceConnect;

/// <summary>
/// What the FranceConnect steps rely on from <see cref="IFranceConnectBindingStore"/>: a binding found by account and by
/// identity hash (current or previous key), one identity to one account and one account to one identity, and unlinking
/// that frees both; a claim left by a bind that died between its two writes blocks nobody.
/// </summary>
public abstract class FranceConnectBindingStoreContractTests(IServiceGraph graph)
{
    private IFranceConnectBindingStore Bindings => graph.Services.GetRequiredService<IFranceConnectBindingStore>();

    /// <summary>Leaves the identity's index row naming <paramref name="subscriberNumber"/> and no account row: a crash between a bind's writes.</summary>
    protected abstract Task LeaveClaimAloneAsync(string identityHash, string subscriberNumber);

    private static string NewSubscriberNumber() => SubscriberNumber.Generate();

    private FranceConnectBinding NewBinding() => new("identity-" + Guid.NewGuid().ToString("N"), "sub-" + Guid.NewGuid().ToString("N"), graph.Time.GetUtcNow());

    [Fact]
    public async Task Bind_ThenFoundByAccountAndByIdentity()
    {
        var (account, binding) = (NewSubscriberNumber(), NewBinding());

        Assert.True(await Bindings.TryBindAsync(account, binding));

        Assert.Equal(binding, await Bindings.FindByAccountAsync(account));
        Assert.Equal(account, await Bindings.FindAccountAsync([binding.IdentityHash]));
        Assert.Equal(account, await Bindings.FindAccountAsync(["under-another-key", binding.IdentityHash]));
        Assert.Null(await Bindings.FindAccountAsync(["unknown-identity"]));
    }

    [Fact]
    public async Task Bind_IdentityBoundToAnotherAccount_Refused()
    {
        var (holder, other, binding) = (NewSubscriberNumber(), NewSubscriberNumber(), NewBinding());
        await Bindings.TryBindAsync(holder, binding);

        Assert.False(await Bindings.TryBindAsync(other, binding with { SubjectHash = "other" }));

        Assert.Equal(holder, await Bindings.FindAccountAsync([binding.IdentityHash]));
        Assert.Null(await Bindings.FindByAccountAsync(other));
    }

    [Fact]
    public async Task Bind_AccountAlreadyBound_RefusedAndTheIdentityLeftFree()
    {
        var (holder, first, second) = (NewSubscriberNumber(), NewBinding(), NewBinding());
        await Bindings.TryBindAsync(holder, first);

        Assert.False(await Bindings.TryBindAsync(holder, second));

        Assert.Equal(first, await Bindings.FindByAccountAsync(holder));
        Assert.Null(await Bindings.FindAccountAsync([second.IdentityHash]));
        Assert.True(await Bindings.TryBindAsync(NewSubscriberNumber(), second));
    }

    [Fact]
    public async Task Unbind_ThenNotFoundAndTheIdentityBindableAgain()
    {
        var (holder, binding) = (NewSubscriberNumber(), NewBinding());
        await Bindings.TryBindAsync(holder, binding);

        Assert.True(await Bindings.UnbindAsync(holder));

        Assert.False(await Bindings.UnbindAsync(holder));
        Assert.Null(await Bindings.FindByAccountAsync(holder));
        Assert.Null(await Bindings.FindAccountAsync([binding.IdentityHash]));
        Assert.True(await Bindings.TryBindAsync(NewSubscriberNumber(), binding));
    }
    [Fact]
    public async Task Bind_AfterACrashLeftOnlyTheClaim_NotHonouredAndTheSameAccountBinds()
    {
        var (holder, binding) = (NewSubscriberNumber(), NewBinding());
        await LeaveClaimAloneAsync(binding.IdentityHash, holder);

        Assert.Null(await Bindings.FindAccountAsync([binding.IdentityHash]));
        Assert.Null(await Bindings.FindByAccountAsync(holder));
        Assert.True(await Bindings.TryBindAsync(holder, binding));

        Assert.Equal(holder, await Bindings.FindAccountAsync([binding.IdentityHash]));
    }

    [Fact]
    public async Task Bind_AfterACrashLeftOnlyTheClaim_AnotherAccountBindsAndTheFirstStaysUnbound()
    {
        var (crashed, other, binding) = (NewSubscriberNumber(), NewSubscriberNumber(), NewBinding());
        await LeaveClaimAloneAsync(binding.IdentityHash, crashed);

        Assert.True(await Bindings.TryBindAsync(other, binding));

        Assert.Equal(other, await Bindings.FindAccountAsync([binding.IdentityHash]));
        Assert.Null(await Bindings.FindByAccountAsync(crashed));
        Assert.False(await Bindings.TryBindAsync(crashed, binding), "a confirmed binding is no longer free");
        Assert.True(await Bindings.UnbindAsync(other));
        Assert.True(await Bindings.TryBindAsync(crashed, binding));
    }

    [Fact]
    public async Task Bind_TwentyAccountsAtOnceOverALeftClaim_ExactlyOneKeepsTheIdentity()
    {
        var binding = NewBinding();
        await LeaveClaimAloneAsync(binding.IdentityHash, NewSubscriberNumber());
        var accounts = Enumerable.Range(0, 20).Select(_ => NewSubscriberNumber()).ToList();

        var bound = await Task.WhenAll(accounts.Select(account => Task.Run(() => Bindings.TryBindAsync(account, binding))));

        var winner = Assert.Single(accounts.Where((_, i) => bound[i]));
        Assert.Equal(winner, await Bindings.FindAccountAsync([binding.IdentityHash]));
        foreach (var loser in accounts.Where(a => a != winner))
        {
            Assert.Null(await Bindings.FindByAccountAsync(loser));
        }
    }
}

[Collection(TableContractsCollection.Name)]
public sealed class TableFranceConnectBindingStoreContractTests(ServiceGraphFixture graph) : FranceConnectBindingStoreContractTests(graph)
{
    // The adapter's index row as it stands after its first write (partition identity:{hash}).
    protected override async Task LeaveClaimAloneAsync(string identityHash, string subscriberNumber)
        => await graph.Services.GetRequiredService<StorageClients>().Table(graph.Services.GetRequiredService<TableNames>().FranceConnectBindings)
            .UpsertEntityAsync(new TableEntity("identity:" + identityHash, "binding") { ["SubscriberNumber"] = subscriberNumber });
}

public sealed class InMemoryFranceConnectBindingStoreContractTests(InMemoryServiceGraph graph) : FranceConnectBindingStoreContractTests(graph), IClassFixture<InMemoryServiceGraph>
{
    protected override Task LeaveClaimAloneAsync(string identityHash, string subscriberNumber)
    {
        ((InMemoryFranceConnectBindingStore)graph.Services.GetRequiredService<IFranceConnectBindingStore>()).LeaveClaimAlone(identityHash, subscriberNumber);
        return Task.CompletedTask;
    }
}

/// <summary>
/// The demo account printed at start-up is bound to the identity the local FranceConnect gives for its first test
/// identity: signing in there as that person finds the demo account by keyed hash, with the same <c>sub</c>.
/// </summary>
public sealed class DemoAccountFranceConnectTests(LocalFranceConnectFixture fixture) : IClassFixture<LocalFranceConnectFixture>, IAsyncLifetime
{
    private readonly InMemoryServiceGraph _graph = new();

    public Task InitializeAsync() => _graph.InitializeAsync();

    public Task DisposeAsync() => _graph.DisposeAsync();

    [Fact]
    public async Task DemoAccount_BoundToTheLocalProvidersDemoIdentity()
    {
        var subscriberNumber = await DemoAccount.SeedAsync(_graph.Services, fixture.Provider.Client.ClientId, CancellationToken.None);
        using var http = new HttpClient(new SocketsHttpHandler());
        using var browser = new FranceConnectBrowser();
        var adapter = new FranceConnectHttpProvider(http, new FranceConnectRegistration(
            fixture.Provider.Authority, fixture.Provider.Client.ClientId, _ => ValueTask.FromResult(fixture.Provider.Client.ClientSecret),
            new Uri(LocalFranceConnectFixture.RedirectUri), new Uri(LocalFranceConnectFixture.PostLogoutRedirectUri)));
        var back = await browser.SignInAsync(await adapter.AuthorizationUrlAsync("state", "nonce"), LocalFranceConnectProcess.DemoIdentity.Login);
        var authentication = await adapter.RedeemAsync(QueryHelpers.ParseQuery(back.Query)["code"].ToString());
        var ring = await _graph.Services.GetRequiredService<SecretTokenKeyProvider>().GetKeyRingAsync(CancellationToken.None);
        var bindings = _graph.Services.GetRequiredService<IFranceConnectBindingStore>();

        Assert.Equal(subscriberNumber, await bindings.FindAccountAsync(FranceConnectHashes.IdentityHashes(ring, authentication.Identity)));
        Assert.Equal(FranceConnectHashes.Binding(ring, authentication, _graph.Time.GetUtcNow()), await bindings.FindByAccountAsync(subscriberNumber));
    }
}
