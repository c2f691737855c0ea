using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Core.Tokens;
using RecoveryFunctions.TestSupport;
using RecoveryFunctions.TestSupport.InMemory;

namespace RecoveryFunctions.Tests.Contracts;

/// <summary>
/// What the recovery steps rely on from <see cref="IRecoveryFlowStore"/>: a flow and its link written together or not at
/// all, found each at its own address and only as what it is, and a save under a stale version (a second use, a lost
/// race) refused.
/// </summary>
public abstract class RecoveryFlowStoreContractTests(IServiceGraph graph)
{
    private IRecoveryFlowStore Flows => graph.Services.GetRequiredService<IRecoveryFlowStore>();

    [Fact]
    public async Task Add_FlowAndLink_EachReadBackAtItsAddressOnlyAsWhatItIs()
    {
        var (flow, link) = Open(helpdesk: true);

        await Flows.AddAsync(flow, link);

        var stored = (await Flows.GetAsync(flow.Address))!;
        Assert.Equal(flow with { Version = stored.Version }, stored);
        Assert.NotNull(stored.Version);
        Assert.Equal(link, await Flows.GetLinkAsync(link.Address));
        Assert.Null(await Flows.GetAsync(link.Address));
        Assert.Null(await Flows.GetLinkAsync(flow.Address));
    }

    [Fact]
    public async Task Add_LinkAddressTaken_NeitherRowWritten()
    {
        var (flow, link) = Open(helpdesk: false);
        var squatter = Open(helpdesk: false).Flow with { Address = link.Address };
        await Flows.AddAsync(squatter);

        await Assert.ThrowsAnyAsync<Exception>(() => Flows.AddAsync(flow, link));

        Assert.Equal(flow.Address.Partition, link.Address.Partition);
        Assert.Null(await Flows.GetAsync(flow.Address));
    }

    [Fact]
    public async Task Save_TwiceFromOneRead_SecondRefusedFirstKept()
    {
        var (flow, _) = Open(helpdesk: false);
        await Flows.AddAsync(flow);
        var read = (await Flows.GetAsync(flow.Address))!;

        var first = await Flows.TrySaveAsync(read.CountCodeAttempt(graph.Time.GetUtcNow(), 5));
        var second = await Flows.TrySaveAsync(read.ProveMailbox(graph.Time.GetUtcNow()));

        Assert.NotNull(first);
        Assert.NotEqual(read.Version, first.Version);
        Assert.Null(second);
        var stored = (await Flows.GetAsync(flow.Address))!;
        Assert.Equal((1, (DateTimeOffset?)null), (stored.Attempts, stored.UsedAt));
        Assert.NotNull(await Flows.TrySaveAsync(first.ProveMailbox(graph.Time.GetUtcNow())));
    }

    [Fact]
    public async Task Save_TwentyInParallelFromOneRead_ExactlyOneWins()
    {
        var (flow, _) = Open(helpdesk: false);
        await Flows.AddAsync(flow);
        var read = (await Flows.GetAsync(flow.Address))!;

        var saved = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Flows.TrySaveAsync(read.ProveMailbox(graph.Time.GetUtcNow())))));

        Assert.Single(saved, s => s is not null);
    }

    private (RecoveryFlow Flow, RecoveryLink Link) Open(bool helpdesk)
    {
        var codec = new TokenCodec(new TokenKeyRing(RandomNumberGenerator.GetBytes(32), null));
        var now = graph.Time.GetUtcNow();
        var (flow, _) = RecoveryFlow.OpenMailbox(codec, null, now, now.AddMinutes(30), helpdesk ? null : "c2FsdA:aGFzaA", helpdesk);
        return (flow, RecoveryLink.For(flow, codec).Link);
    }
}

/// <summary>The recovery flow contract on Table Storage (Azurite, the real SDK clients).</summary>
[Collection(TableContractsCollection.Name)]
public sealed class TableRecoveryFlowStoreContractTests(ServiceGraphFixture graph) : RecoveryFlowStoreContractTests(graph);

/// <summary>The recovery flow contract on the in-memory adapter.</summary>
public sealed class InMemoryRecoveryFlowStoreContractTests(InMemoryServiceGraph graph) : RecoveryFlowStoreContractTests(graph), IClassFixture<InMemoryServiceGraph>;
