using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Infrastructure.Storage;

namespace RecoveryFunctions.TestSupport;

/// <summary>The storage operations a graph recorded, as "METHOD kind" (tables are named prefix + kind).</summary>
public static class OperationLabels
{
    public static List<string> Describe(this ServiceGraphFixture graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var names = graph.Services.GetRequiredService<TableNames>();
        var kinds = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [names.Accounts] = "accounts", [names.EmailIndex] = "emailindex", [names.Tokens] = "tokens",
            [names.Throttles] = "throttles", [names.Audit] = "audit", [names.PendingAccounts] = "pending",
            [names.AssistanceRequests] = "assistance",
        };
        return graph.StorageOperations.Requests.Select(r => $"{r.Method} {kinds.GetValueOrDefault(r.Resource, r.Resource)}").ToList();
    }
}
