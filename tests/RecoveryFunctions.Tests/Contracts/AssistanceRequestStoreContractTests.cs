using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Assistance.Requests;
using RecoveryFunctions.TestSupport;
using RecoveryFunctions.TestSupport.InMemory;

namespace RecoveryFunctions.Tests.Contracts;

/// <summary>
/// What the agents' console relies on from <see cref="IAssistanceRequestStore"/>: open requests paged oldest first to a
/// null continuation, identical submissions folded (none lost under a race), and assign or close refused on a stale version.
/// </summary>
public abstract class AssistanceRequestStoreContractTests(IServiceGraph graph)
{
    private static int _sequence;

    private IAssistanceRequestStore Store => graph.Services.GetRequiredService<IAssistanceRequestStore>();

    [Fact]
    public async Task ListOpen_FiveRequestsByPagesOfTwo_OldestFirstThenNoContinuation()
    {
        var mine = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            mine.Add((await Store.SubmitAsync(Request(), Guid.NewGuid().ToString("N"), graph.Time.GetUtcNow().AddDays(1))).Reference);
        }

        var listed = new List<string>();
        string? continuation = null;
        do
        {
            var page = await Store.ListOpenAsync(continuation, 2);
            Assert.InRange(page.Requests.Count, 0, 2);
            listed.AddRange(page.Requests.Select(r => r.Reference));
            continuation = page.Continuation;
        }
        while (continuation is not null);

        Assert.Equal(listed.Order(StringComparer.Ordinal), listed);
        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Equal(mine, listed.Where(mine.Contains));
    }

    [Fact]
    public async Task Submit_SameFoldKey_FoldedIntoTheOpenRequest()
    {
        var foldKey = Guid.NewGuid().ToString("N");
        var until = graph.Time.GetUtcNow().AddDays(1);
        var (first, second) = (Request(), Request());

        var stored = await Store.SubmitAsync(first, foldKey, until);
        var folded = await Store.SubmitAsync(second, foldKey, until);

        Assert.Equal(first.Reference, stored.Reference);
        Assert.Equal((first.Reference, 2), (folded.Reference, folded.Count));
        Assert.Equal([second.Reference], (await Store.GetOpenAsync(first.Reference))!.Request.FoldedReferences);
        Assert.Null(await Store.GetOpenAsync(second.Reference));
    }

    [Fact]
    public async Task Submit_TwentyInParallelOneFoldKey_NoneLost()
    {
        var foldKey = Guid.NewGuid().ToString("N");
        var until = graph.Time.GetUtcNow().AddDays(1);
        var requests = Enumerable.Range(0, 20).Select(_ => Request()).ToList();

        var stored = await Task.WhenAll(requests.Select(r => Task.Run(() => Store.SubmitAsync(r, foldKey, until))));

        var open = new List<AssistanceRequest>();
        foreach (var reference in stored.Select(s => s.Reference).Distinct())
        {
            open.Add((await Store.GetOpenAsync(reference))!.Request);
        }

        Assert.Equal(20, open.Sum(r => r.Count));
    }

    [Fact]
    public async Task UpdateAndClose_FromAStaleVersion_Refused()
    {
        var request = await Store.SubmitAsync(Request(), Guid.NewGuid().ToString("N"), graph.Time.GetUtcNow().AddDays(1));
        var read = (await Store.GetOpenAsync(request.Reference))!;
        var (countBefore, _) = await Store.CountOpenAsync();

        var assigned = await Store.TryUpdateOpenAsync(read.Request with { AssignedToId = "agent-a", AssignedToName = "Agent A" }, read.Version);
        var staleAssign = await Store.TryUpdateOpenAsync(read.Request with { AssignedToId = "agent-b", AssignedToName = "Agent B" }, read.Version);
        var staleClose = await Store.TryCloseAsync(read.Request, read.Version, "resolved", graph.Time.GetUtcNow(), graph.Time.GetUtcNow().AddDays(90));
        var current = (await Store.GetOpenAsync(request.Reference))!;
        var closed = await Store.TryCloseAsync(current.Request, current.Version, "resolved", graph.Time.GetUtcNow(), graph.Time.GetUtcNow().AddDays(90));
        var (countAfter, _) = await Store.CountOpenAsync();

        Assert.Equal((true, false, false, true), (assigned, staleAssign, staleClose, closed));
        Assert.Equal("agent-a", current.Request.AssignedToId);
        Assert.Null(await Store.GetOpenAsync(request.Reference));
        Assert.Equal(countBefore - 1, countAfter);
    }

    private AssistanceRequest Request()
    {
        // References sort by arrival (date, time, then a random part); a sequence keeps these in submission order.
        var n = Interlocked.Increment(ref _sequence);
        var at = graph.Time.GetUtcNow();
        var reference = $"{at:yyyyMMdd}-{at:HHmmss}-{n.ToString("D3", CultureInfo.InvariantCulture)}{Guid.NewGuid().ToString("N")[..3].ToUpperInvariant()}";
        return new AssistanceRequest(reference, at, "account-locked", "Mon espace est bloqué.", "fr", null, null, "contact@example.fr", null, null);
    }
}

/// <summary>The assistance request contract on Table Storage (Azurite, the real SDK clients).</summary>
[Collection(TableContractsCollection.Name)]
public sealed class TableAssistanceRequestStoreContractTests(ServiceGraphFixture graph) : AssistanceRequestStoreContractTests(graph);

/// <summary>The assistance request contract on the in-memory adapter.</summary>
public sealed class InMemoryAssistanceRequestStoreContractTests(InMemoryServiceGraph graph) : AssistanceRequestStoreContractTests(graph), IClassFixture<InMemoryServiceGraph>;
