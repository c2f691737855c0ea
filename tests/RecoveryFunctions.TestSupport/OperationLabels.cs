using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Infrastructure.Storage;

namespace RecoveryFunctions.TestSupport;

/// <summary>The storage operations a graph recorded, as "METHOD kind" (tables are named prefix + kind).</summary>
public static class OperationLabels
{
    public static List<string> Describe(this ServiceGraphFixture graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return Describe(graph.Services, graph.StorageOperations.Requests);
    }

    /// <summary>The operations as "METHOD kind", tables by kind and queues by their configured name.</summary>
    public static List<string> Describe(IServiceProvider services, IEnumerable<StorageRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(services);
        var names = services.GetRequiredService<TableNames>();
        var kinds = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [names.Accounts] = "accounts", [names.EmailIndex] = "emailindex", [names.Tokens] = "tokens",
            [names.Throttles] = "throttles", [names.Audit] = "audit", [names.PendingAccounts] = "pending",
            [names.AssistanceRequests] = "assistance",
        };
        return requests.Select(r => $"{r.Method} {kinds.GetValueOrDefault(r.Resource, r.Resource)}").ToList();
    }
}
