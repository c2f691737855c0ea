using Azure;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>A cheap read that proves the tables answer (for the health endpoint).</summary>
public sealed class StorageProbe(StorageClients clients, TableNames names)
{
    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await clients.Tables.GetTableClient(names.Accounts).GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("health", "probe", cancellationToken: timeout.Token);
            return true;
        }
        catch (Exception e) when (e is RequestFailedException or OperationCanceledException or AggregateException)
        {
            return false;
        }
    }
}
