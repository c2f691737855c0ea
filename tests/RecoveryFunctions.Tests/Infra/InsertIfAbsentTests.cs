using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Infrastructure.Storage;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Infra;

/// <summary>
/// Insert-if-absent answers a conflict without an exception (an exception's cost told a known registration address from
/// a new one by time), against Azurite through the app's own table clients; every other 409 still throws.
/// </summary>
public sealed class InsertIfAbsentTests(ServiceGraphFixture graph) : IClassFixture<ServiceGraphFixture>
{
    /// <summary>Marks this test's own flow, so exceptions thrown by other tests running meanwhile are not counted.</summary>
    private static readonly AsyncLocal<bool> Watched = new();

    [Fact]
    public async Task TryAdd_RowAlreadyThere_NullWithoutAnyException_RowUnchanged()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["Value"] = "first" });

        var thrown = await ExceptionsDuringAsync(async () => Assert.Null(await table.TryAddAsync(new TableEntity("p", "r") { ["Value"] = "second" }, CancellationToken.None)));

        Assert.Empty(thrown);
        Assert.Equal("first", (await table.GetEntityAsync<TableEntity>("p", "r")).Value.GetString("Value"));
    }

    [Fact]
    public async Task TryAdd_NewRow_TheInsertsResponse()
    {
        var table = await NewTableAsync();

        var response = await table.TryAddAsync(new TableEntity("p", "r") { ["Value"] = "only" }, CancellationToken.None);

        Assert.NotNull(response);
        Assert.Equal(204, response.Status);
        Assert.Equal((await table.GetEntityAsync<TableEntity>("p", "r")).Value.ETag, response.Headers.ETag);
    }

    /// <summary>Also shows that the watch sees the SDK's exceptions, so the empty list above means none was thrown.</summary>
    [Fact]
    public async Task AddEntity_OutsideTryAdd_ConflictStillThrows()
    {
        var table = await NewTableAsync();
        await table.TryAddAsync(new TableEntity("p", "r"), CancellationToken.None);

        var thrown = await ExceptionsDuringAsync(async () => Assert.Equal(409, (await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "r")))).Status));

        Assert.Contains(thrown, e => e is RequestFailedException { Status: 409 });
    }

    private async Task<TableClient> NewTableAsync()
    {
        var table = graph.Services.GetRequiredService<StorageClients>().Tables.GetTableClient("InsertIfAbsent" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync();
        return table;
    }

    private static async Task<List<Exception>> ExceptionsDuringAsync(Func<Task> action)
    {
        var thrown = new List<Exception>();
        void Record(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e)
        {
            if (Watched.Value)
            {
                lock (thrown)
                {
                    thrown.Add(e.Exception);
                }
            }
        }

        AppDomain.CurrentDomain.FirstChanceException += Record;
        try
        {
            Watched.Value = true;
            await action();
        }
        finally
        {
            Watched.Value = false;
            AppDomain.CurrentDomain.FirstChanceException -= Record;
        }

        return thrown;
    }
}
