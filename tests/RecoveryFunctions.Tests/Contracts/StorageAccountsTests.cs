using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.DevServices.Azurite;
using RecoveryFunctions.Infrastructure.Storage;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Contracts;

/// <summary>
/// The real service graph with its tables spread over two storage accounts by configuration (<c>Storage:Accounts</c>),
/// each account its own Azurite: the accounts and their address index on the second, the throttles over both.
/// </summary>
public sealed class SpreadStorageGraph : ServiceGraphFixture
{
    public const string Second = "SecondStorage";

    private AzuriteProcess _second = null!;

    public string SecondConnectionString => _second.ConnectionString;

    protected override IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>
    {
        ["Storage:Accounts:Accounts"] = Second,
        ["Storage:Accounts:EmailIndex"] = Second,
        ["Storage:Accounts:Throttles"] = $"{StorageOptions.ConnectionStringKey},{Second}",
        [Second] = _second.ConnectionString,
    };

    public override async Task InitializeAsync()
    {
        _second = await AzuriteProcess.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _second.DisposeAsync();
    }
}

/// <summary>Each table family lands on the account configured for it, and only there (issue 23, the deadline night's spread).</summary>
public sealed class StorageAccountsTests(SpreadStorageGraph graph) : IClassFixture<SpreadStorageGraph>
{
    private TableNames Names => graph.Services.GetRequiredService<TableNames>();

    [Fact]
    public async Task Accounts_ConfiguredOnTheSecondAccount_WrittenThereTokensOnTheDefault()
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active);

        var second = new TableServiceClient(graph.SecondConnectionString);
        var first = new TableServiceClient(graph.ConnectionString);
        Assert.NotEmpty(await PartitionsAsync(second.GetTableClient(Names.EmailIndex)));
        Assert.NotEmpty(await PartitionsAsync(second.GetTableClient(Names.Accounts)));
        Assert.Equal([Names.Accounts, Names.EmailIndex, Names.Throttles], await TablesAsync(second));
        Assert.DoesNotContain(Names.Accounts, await TablesAsync(first));
        Assert.Contains(Names.Tokens, await TablesAsync(first));
        Assert.NotNull(await graph.Services.GetRequiredService<IAccountStore>().FindByEmailAsync(email));
    }

    [Fact]
    public async Task Throttles_SpreadOverBoth_EachPartitionOnTheAccountOfItsLastCharacter()
    {
        var throttles = graph.Request<IThrottleStore>();
        await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => throttles.HitAsync([new ThrottleCounter("spread", Guid.NewGuid().ToString("N"), 5)], TimeSpan.FromHours(1))));

        var onFirst = await PartitionsAsync(new TableClient(graph.ConnectionString, Names.Throttles));
        var onSecond = await PartitionsAsync(new TableClient(graph.SecondConnectionString, Names.Throttles));

        Assert.NotEmpty(onFirst);
        Assert.NotEmpty(onSecond);
        Assert.All(onFirst, p => Assert.Equal(0, p[^1] % 2));
        Assert.All(onSecond, p => Assert.Equal(1, p[^1] % 2));
    }

    private static async Task<List<string>> PartitionsAsync(TableClient table)
    {
        var partitions = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(select: ["PartitionKey"]))
        {
            partitions.Add(row.PartitionKey);
        }

        return partitions;
    }

    private static async Task<List<string>> TablesAsync(TableServiceClient service)
    {
        var names = new List<string>();
        await foreach (var table in service.QueryAsync())
        {
            names.Add(table.Name);
        }

        return [.. names.Order(StringComparer.Ordinal)];
    }
}

/// <summary>The throttle contract with the counters spread over two accounts: a counter's rows stay on one, each request's reads split by account.</summary>
public sealed class SpreadThrottleStoreContractTests(SpreadStorageGraph graph) : ThrottleStoreContractTests(graph), IClassFixture<SpreadStorageGraph>;
