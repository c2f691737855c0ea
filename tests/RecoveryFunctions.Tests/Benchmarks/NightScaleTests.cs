using RecoveryFunctions.Benchmarks;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Benchmarks;

/// <summary>The deadline night's scaling (docs/operations/deadline-night.md) on a case small enough to compute by hand.</summary>
public sealed class NightScaleTests
{
    // 1,000 sign-ins driven: each recorded operation stands for 1.7 a second at 1,700 sign-ins a second.
    private static readonly NightScale Scale = new(signInsDriven: 1_000);

    [Fact]
    public void Loads_HandCase_ScaledPerPartitionQueueTableAndAccount()
    {
        // 600 single-row writes in partition "hot", one batch of 100 rows in "cool" (one request, 100 entities), 200 queue puts.
        List<StorageRequest> requests =
        [
            .. Enumerable.Repeat(Request("a", new StorageTarget("Throttles", "hot")), 600),
            Request("a", [.. Enumerable.Repeat(new StorageTarget("Throttles", "cool"), 100)]),
            .. Enumerable.Repeat(Request("b", new StorageTarget("email-outbox", "", IsMessage: true)), 200),
            new StorageRequest("GET", "email-outbox", null, false, []) { Account = "b" },
        ];

        var loads = Scale.Loads(requests).ToDictionary(l => (l.Scope, l.Name));

        Assert.Equal(1_020, loads[(NightScope.Partition, "Throttles hot")].PerSecond, 6);      // 600 × 1.7
        Assert.False(loads[(NightScope.Partition, "Throttles hot")].WithinHalf);               // 51 % of 2,000
        Assert.Equal(170, loads[(NightScope.Partition, "Throttles cool")].PerSecond, 6);       // 100 entities × 1.7
        Assert.Equal(340, loads[(NightScope.Queue, "email-outbox")].PerSecond, 6);              // 200 × 1.7, the empty poll left out
        Assert.Equal(601 * 1.7, loads[(NightScope.Table, "Throttles")].PerSecond, 6);         // the batch is one request
        Assert.Equal(601 * 1.7, loads[(NightScope.Account, "a")].PerSecond, 6);
        Assert.Equal(200 * 1.7, loads[(NightScope.Account, "b")].PerSecond, 6);
        Assert.True(loads[(NightScope.Account, "a")].WithinHalf);                              // 5 % of 20,000
    }

    [Fact]
    public void Loads_HottestFirst_ByShareOfTarget()
    {
        List<StorageRequest> requests =
        [
            .. Enumerable.Repeat(Request("a", new StorageTarget("Tokens", "t")), 50),
            .. Enumerable.Repeat(Request("a", new StorageTarget("Throttles", "x")), 300),
        ];

        var loads = Scale.Loads(requests);

        Assert.Equal(["Throttles x", "Tokens t", "a", "Throttles", "Tokens"], loads.Select(l => l.Name));
    }

    [Fact]
    public void Loads_AccountByConfiguration_GroupsTablesOnTheirAccount()
    {
        List<StorageRequest> requests =
        [
            .. Enumerable.Repeat(Request("devstoreaccount1", new StorageTarget("Throttles", "x")), 10),
            .. Enumerable.Repeat(Request("devstoreaccount1", new StorageTarget("Tokens", "t")), 30),
        ];

        var loads = Scale.Loads(requests, account: target => target.Resource == "Throttles" ? "throttles-account" : "main").Where(l => l.Scope == NightScope.Account).ToDictionary(l => l.Name, l => l.Recorded);

        Assert.Equal(new Dictionary<string, int> { ["main"] = 30, ["throttles-account"] = 10 }, loads);
    }

    private static StorageRequest Request(string account, params StorageTarget[] targets)
        => new("POST", targets[0].Resource, null, false, []) { Account = account, Targets = targets };
}
