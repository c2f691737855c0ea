using System.Diagnostics;
using Azure.Data.Tables;

namespace RecoveryFunctions.Benchmarks;

/// <summary>Figure 3's floor: Azurite's own insert and point-read latency at the same concurrencies, from a bare TableClient.</summary>
public sealed class RawTableBenchmark(BenchmarkHost host, BenchmarkOptions options)
{
    public async Task<IReadOnlyList<ReportRow>> RunAsync(CancellationToken cancellationToken = default)
    {
        var table = new TableClient(host.App.StorageConnectionString, host.TablePrefix + "RawLatency");
        await table.CreateIfNotExistsAsync(cancellationToken);
        var rows = new List<ReportRow>();
        foreach (var clients in new[] { 1, 16 })
        {
            var inserts = new StepTimings();
            var reads = new StepTimings();
            var perClient = options.RawOperations / clients;
            await Parallel.ForEachAsync(Enumerable.Range(0, clients), new ParallelOptions { MaxDegreeOfParallelism = clients, CancellationToken = cancellationToken }, async (client, ct) =>
            {
                for (var i = 0; i < perClient; i++)
                {
                    var entity = new TableEntity($"{client:D2}", Guid.NewGuid().ToString("N")) { ["ExpiresAt"] = DateTimeOffset.UnixEpoch, ["Kind"] = "Session" };
                    var started = Stopwatch.GetTimestamp();
                    await table.AddEntityAsync(entity, ct);
                    inserts.Add("insert", Stopwatch.GetElapsedTime(started));
                    started = Stopwatch.GetTimestamp();
                    await table.GetEntityAsync<TableEntity>(entity.PartitionKey, entity.RowKey, cancellationToken: ct);
                    reads.Add("point-read", Stopwatch.GetElapsedTime(started));
                }
            });

            foreach (var (step, sample) in inserts.Steps.Concat(reads.Steps))
            {
                rows.Add(new ReportRow("3", $"Azurite raw {step}, {clients} client(s)", sample.Describe(), "— (floor for the HTTP steps)", null));
            }
        }

        return rows;
    }
}
