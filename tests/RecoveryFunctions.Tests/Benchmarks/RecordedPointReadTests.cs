using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Benchmarks;
using RecoveryFunctions.Infrastructure.Storage;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Benchmarks;

/// <summary>
/// The throughput benchmark redoes a point read on the very row the request read: the storage recorder reads that row's
/// keys from the address the real SDK sent to Azurite, and <see cref="RawCall"/> keeps them.
/// </summary>
public sealed class RecordedPointReadTests(ServiceGraphFixture graph) : IClassFixture<ServiceGraphFixture>
{
    [Fact]
    public async Task Of_PointRead_KeepsTheRowItRead_QuotesAndEscapesUndone()
    {
        var table = graph.Services.GetRequiredService<StorageClients>().Tables.GetTableClient("PointKeys" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity("o'brien", "a é"));
        graph.StorageOperations.Clear();

        await table.GetEntityAsync<TableEntity>("o'brien", "a é");

        var call = RawCall.Of(graph.StorageOperations.Requests.Single());
        Assert.Equal(CallKind.PointRead, call.Kind);
        Assert.Equal(("o'brien", "a é"), call.Keys);
        Assert.Equal(table.Name, call.Table);
    }
}
