using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Core.Tokens;
using RecoveryFunctions.TestSupport;
using RecoveryFunctions.TestSupport.InMemory;

namespace RecoveryFunctions.Tests.Contracts;

/// <summary>
/// What the recovery steps rely on from <see cref="IRecoveryFlowStore"/>: a flow found at its address with its hashes, a
/// save under a stale version (a second use, a lost race) refused, and the mailbox proof's close-and-open written together
/// or not at all (decision 0010).
/// </summary>
public abstract class RecoveryFlowStoreContractTests(IServiceGraph graph)
{
    private IRecoveryFlowStore Flows => graph.Services.GetRequiredService<IRecoveryFlowStore>();

    [Fact]
    public async Task Add_Flow_ReadBackAtItsAddressWithItsHashes()
    {
        var flow = Open(helpdesk: false);

        await Flows.AddAsync(flow);

        var stored = (await Flows.GetAsync(flow.Address))!;
        Assert.Equal(flow with { Version = stored.Version }, stored);
        Assert.NotNull(stored.Version);
        Assert.NotNull(stored.LinkHash);
    }

    [Fact]
    public async Task Save_TwiceFromOneRead_SecondRefusedFirstKept()
    {
        var flow = Open(helpdesk: false);
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
        var flow = Open(helpdesk: false);
        await Flows.AddAsync(flow);
        var read = (await Flows.GetAsync(flow.Address))!;

        var saved = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Flows.TrySaveAsync(read.ProveMailbox(graph.Time.GetUtcNow())))));

        Assert.Single(saved, s => s is not null);
    }

    [Fact]
    public async Task ReplaceAndAdd_FromTheStoredVersion_BothWrittenTogether()
    {
        var (read, next) = await ProvenAsync();

        Assert.True(await Flows.TryReplaceAndAddAsync(read.ProveMailbox(graph.Time.GetUtcNow()), next));

        Assert.NotNull((await Flows.GetAsync(read.Address))!.UsedAt);
        var stored = (await Flows.GetAsync(next.Address))!;
        Assert.Equal(next with { Version = stored.Version }, stored);
    }

    [Fact]
    public async Task ReplaceAndAdd_LostEtagRace_NeitherRowWritten()
    {
        var (read, next) = await ProvenAsync();
        Assert.NotNull(await Flows.TrySaveAsync(read.CountCodeAttempt(graph.Time.GetUtcNow(), 5)));

        Assert.False(await Flows.TryReplaceAndAddAsync(read.ProveMailbox(graph.Time.GetUtcNow()), next));

        var stored = (await Flows.GetAsync(read.Address))!;
        Assert.Equal((1, (DateTimeOffset?)null), (stored.Attempts, stored.UsedAt));
        Assert.Null(await Flows.GetAsync(next.Address));
    }

    [Fact]
    public async Task ReplaceAndAdd_TwentyInParallelFromOneRead_ExactlyOneWritesBoth()
    {
        var (read, _) = await ProvenAsync();
        var codec = NewCodec();
        var now = graph.Time.GetUtcNow();
        var proven = read.ProveMailbox(now);
        var nexts = Enumerable.Range(0, 20).Select(_ => proven.OpenAfterMailbox(codec, Holder(), StandardsProfile.Seed, now, TimeSpan.FromMinutes(15), TimeSpan.FromHours(1)).Flow).ToList();

        var written = await Task.WhenAll(nexts.Select(next => Task.Run(() => Flows.TryReplaceAndAddAsync(proven, next))));

        Assert.Single(written, w => w);
        var added = await Task.WhenAll(nexts.Select(next => Flows.GetAsync(next.Address)));
        Assert.Equal(nexts[Array.IndexOf(written, true)].Address, Assert.Single(added, a => a is not null)!.Address);
    }

    [Fact]
    public async Task ReplaceAndAdd_AnotherPartition_ThrowsAndWritesNeither()
    {
        var (read, _) = await ProvenAsync();

        // A new flow lands in the same partition once in a few dozen (same bucket, same shard character): draw until not.
        var elsewhere = Open(helpdesk: false);
        while (elsewhere.Address.Partition == read.Address.Partition)
        {
            elsewhere = Open(helpdesk: false);
        }

        await Assert.ThrowsAsync<ArgumentException>(() => Flows.TryReplaceAndAddAsync(read.ProveMailbox(graph.Time.GetUtcNow()), elsewhere));

        Assert.Null((await Flows.GetAsync(read.Address))!.UsedAt);
        Assert.Null(await Flows.GetAsync(elsewhere.Address));
    }

    /// <summary>A stored mailbox flow, as read back, and the flow its proof would open beside it (not yet written).</summary>
    private async Task<(RecoveryFlow Read, RecoveryFlow Next)> ProvenAsync()
    {
        var flow = Open(helpdesk: false) with { SubscriberNumber = "12345678", SecurityStamp = 1 };
        await Flows.AddAsync(flow);
        var read = (await Flows.GetAsync(flow.Address))!;
        var now = graph.Time.GetUtcNow();
        var next = read.ProveMailbox(now).OpenAfterMailbox(NewCodec(), Holder(), StandardsProfile.Seed, now, TimeSpan.FromMinutes(15), TimeSpan.FromHours(1)).Flow;
        Assert.Equal(read.Address.Partition, next.Address.Partition);
        return (read, next);
    }

    private Account Holder() => Account.Register("12345678", "a@example.fr", "h", "p-fp", 1, "a-h", "a-fp", null, "fr", graph.Time.GetUtcNow()).Activate(graph.Time.GetUtcNow())!;

    private static TokenCodec NewCodec() => new(new TokenKeyRing(RandomNumberGenerator.GetBytes(32), null));

    private RecoveryFlow Open(bool helpdesk)
    {
        var now = graph.Time.GetUtcNow();
        return RecoveryFlow.OpenMailbox(NewCodec(), null, now, now.AddMinutes(30), helpdesk ? null : "c2FsdA:aGFzaA", helpdesk, TimeSpan.FromHours(1)).Flow;
    }
}

/// <summary>The recovery flow contract on Table Storage (Azurite, the real SDK clients).</summary>
[Collection(TableContractsCollection.Name)]
public sealed class TableRecoveryFlowStoreContractTests(ServiceGraphFixture graph) : RecoveryFlowStoreContractTests(graph);

/// <summary>The recovery flow contract on the in-memory adapter.</summary>
public sealed class InMemoryRecoveryFlowStoreContractTests(InMemoryServiceGraph graph) : RecoveryFlowStoreContractTests(graph), IClassFixture<InMemoryServiceGraph>;
