using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace RecoveryFunctions.HostSubstitute;

/// <summary>
/// The parts of host.json the local host honours, read from the repository's host.json with the same
/// override the Functions host offers (settings under <c>AzureFunctionsJobHost</c>, e.g.
/// <c>AzureFunctionsJobHost__extensions__queues__visibilityTimeout</c>).
/// </summary>
/// <param name="NewBatchThreshold">
/// Messages still running when the next batch is fetched. The queue extension's default is half the batch size times
/// the processor count (the count taken as 1 on the Dynamic SKU only), which is what it is here.
/// </param>
public sealed record HostJsonSettings(string RoutePrefix, int QueueBatchSize, int MaxDequeueCount, TimeSpan VisibilityTimeout, TimeSpan MaxPollingInterval, int NewBatchThreshold)
{
    public static HostJsonSettings Load(string hostJsonPath, IConfiguration overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var file = new ConfigurationBuilder().AddJsonFile(hostJsonPath, optional: false).Build();
        string? Get(string key) => overrides["AzureFunctionsJobHost:" + key] ?? file[key];

        var batchSize = int.Parse(Get("extensions:queues:batchSize") ?? "16", CultureInfo.InvariantCulture);
        return new HostJsonSettings(
            RoutePrefix: (Get("extensions:http:routePrefix") ?? "api").Trim('/'),
            QueueBatchSize: batchSize,
            MaxDequeueCount: int.Parse(Get("extensions:queues:maxDequeueCount") ?? "5", CultureInfo.InvariantCulture),
            VisibilityTimeout: TimeSpan.Parse(Get("extensions:queues:visibilityTimeout") ?? "00:00:00", CultureInfo.InvariantCulture),
            MaxPollingInterval: TimeSpan.Parse(Get("extensions:queues:maxPollingInterval") ?? "00:01:00", CultureInfo.InvariantCulture),
            NewBatchThreshold: Get("extensions:queues:newBatchThreshold") is { } threshold
                ? int.Parse(threshold, CultureInfo.InvariantCulture)
                : batchSize / 2 * Environment.ProcessorCount);
    }
}
