using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Assistance;
using RecoveryFunctions.Core.Assistance.Requests;
using RecoveryFunctions.Core.Cleanup;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.TestSupport.InMemory;

namespace RecoveryFunctions.Tests.Assistance;

/// <summary>
/// Closed requests are personal data kept <c>Assistance:RequestRetention</c> (90 days), then swept; open ones are never
/// swept; fold markers go once their day is over.
/// </summary>
public sealed class AssistanceRequestRetentionTests(InMemoryServiceGraph graph) : IClassFixture<InMemoryServiceGraph>
{
    [Fact]
    public async Task Cleanup_ClosedPastRetention_DeletedOpenKept()
    {
        var agent = new AgentRequest(new AgentIdentity("agent-oid", "Agent Rétention"), "Demande traitée par téléphone");
        var closed = await graph.Request<AssistanceRequestService>().AcceptAsync(Input(), "203.0.113.10");
        var open = await graph.Request<AssistanceRequestService>().AcceptAsync(Input(), "203.0.113.11");
        await graph.Request<AssistanceRequestService>().CloseAsync(agent, closed, "resolved");

        graph.Time.Advance(TimeSpan.FromDays(89));
        var early = await graph.Services.GetRequiredService<CleanupService>().RunAsync();

        // Only the two fold markers went, at the end of their day; both requests are still there.
        Assert.Equal(2, early.AssistanceRequests);
        Assert.Equal(new[] { closed, open }.Order(StringComparer.Ordinal), (await StoredReferencesAsync()).Order(StringComparer.Ordinal));

        graph.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(20));
        var report = await graph.Services.GetRequiredService<CleanupService>().RunAsync();

        Assert.Equal(1, report.AssistanceRequests);
        var stored = await StoredReferencesAsync();
        Assert.DoesNotContain(closed, stored);
        Assert.Contains(open, stored);
        Assert.Contains(open, (await graph.Services.GetRequiredService<IAssistanceRequestStore>().ListOpenAsync(null, 100)).Requests.Select(r => r.Reference));
    }

    /// <summary>Every row key of the assistance table (requests open or closed, fold markers), as a dump would show them.</summary>
    private Task<List<string>> StoredReferencesAsync()
        => Task.FromResult(graph.Storage.AssistanceRequests.Query((_, _) => true).Select(row => row.Row).ToList());

    private static AssistanceRequestInput Input()
        => AssistanceRequestService.Validate(new(SubscriberNumber.Generate(), null, "contact@example.fr", null, "account-locked", "Mon espace est bloqué.", "fr"));
}
