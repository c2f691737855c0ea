using Microsoft.Extensions.Hosting;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>Creates the tables and queues at start-up, so no request pays for (or races on) creation.</summary>
public sealed class StorageInitializer(StorageClients clients, TableNames names) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var table in names.AllTables.SelectMany(t => clients.Spread(t).All))
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
        }

        foreach (var queue in names.AllQueues)
        {
            await clients.Queues.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
