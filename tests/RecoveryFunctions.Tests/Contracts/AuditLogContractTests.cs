using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.TestSupport;
using RecoveryFunctions.TestSupport.InMemory;

namespace RecoveryFunctions.Tests.Contracts;

/// <summary>What the account views rely on from <see cref="IAuditLog"/>: append-only, an account's trail newest first, capped, its own only.</summary>
public abstract class AuditLogContractTests(IServiceGraph graph)
{
    private IAuditLog Audit => graph.Services.GetRequiredService<IAuditLog>();

    [Fact]
    public async Task Append_OutOfOrder_ListedNewestFirstCappedAndPerAccount()
    {
        var (holder, other) = (SubscriberNumber.Generate(), SubscriberNumber.Generate());
        var t0 = graph.Time.GetUtcNow();
        foreach (var (minutes, type) in new[] { (0, "first"), (2, "third"), (1, "second") })
        {
            await Audit.AppendAsync(AuditEvent.ByHolder(holder, t0.AddMinutes(minutes), type));
        }

        await Audit.AppendAsync(AuditEvent.ByHolder(other, t0.AddMinutes(5), "other"));

        Assert.Equal(["third", "second", "first"], (await Audit.ListAsync(holder, 10)).Select(e => e.Type));
        Assert.Equal(["third", "second"], (await Audit.ListAsync(holder, 2)).Select(e => e.Type));
        Assert.Equal(["other"], (await Audit.ListAsync(other, 10)).Select(e => e.Type));
    }

    [Fact]
    public async Task Append_TwoEventsOfTheSameTick_BothKeptWithTheirFields()
    {
        var holder = SubscriberNumber.Generate();
        var at = graph.Time.GetUtcNow();
        var byAgent = new AuditEvent(holder, at, "agent-unlock", "agent-oid", "Agent Contrat", "Appel du titulaire", "détail");

        await Task.WhenAll(Audit.AppendAsync(byAgent), Audit.AppendAsync(AuditEvent.ByHolder(holder, at, "holder")));

        var events = await Audit.ListAsync(holder, 10);
        Assert.Equal(2, events.Count);
        Assert.Contains(byAgent, events);
    }
}

/// <summary>The audit contract on Table Storage (Azurite, the real SDK clients).</summary>
[Collection(TableContractsCollection.Name)]
public sealed class TableAuditLogContractTests(ServiceGraphFixture graph) : AuditLogContractTests(graph);

/// <summary>The audit contract on the in-memory adapter.</summary>
public sealed class InMemoryAuditLogContractTests(InMemoryServiceGraph graph) : AuditLogContractTests(graph), IClassFixture<InMemoryServiceGraph>;
