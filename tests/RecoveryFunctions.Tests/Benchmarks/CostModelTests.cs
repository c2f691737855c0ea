using RecoveryFunctions.Benchmarks;

namespace RecoveryFunctions.Tests.Benchmarks;

/// <summary>The cost calculator's arithmetic (docs/operations/cost.md) on a case small enough to compute by hand.</summary>
public sealed class CostModelTests
{
    private static readonly CostPrices Prices = new(
        OnDemandPerGbSecond: 0.000026m,
        OnDemandPerMillionExecutions: 0.40m,
        AlwaysReadyBaselinePerGbSecond: 0.000004m,
        TablePerTenThousandTransactions: 0.00036m,
        QueuePerTenThousandOperations: 0.0004m,
        AcsPerEmail: 0.00025m,
        AcsPerMegabyte: 0.00012m);

    private static readonly CostProfile Unit = new("unit", HttpExecutions: 2, QueueExecutions: 1, TableTransactions: 10, QueueOperations: 4, Emails: 2, EmailBytes: 500_000);

    // 1,000 units on 2 GB instances serving 10 requests or 5 messages a second, one always-ready instance for an hour.
    private static readonly CostScenario Scenario = new("hand case", [(1_000m, Unit)], InstanceMemoryGb: 2,
        HttpRequestsPerInstanceSecond: 10, QueueMessagesPerInstanceSecond: 5, AlwaysReadyInstances: 1, AlwaysReadySeconds: 3_600);

    [Fact]
    public void Compute_SmallCase_MatchesHandArithmetic()
    {
        var cost = CostModel.Compute(Scenario, Prices).ToDictionary(l => l.Meter, l => (l.Quantity, l.Cost));

        Assert.Equal((3_000m, 0.0012m), cost["Functions executions (HTTP + queue)"]);           // 3,000 × $0.40 / 1e6
        Assert.Equal((800m, 0.0208m), cost["Functions execution time (busy instances)"]);       // (2,000/10 + 1,000/5) s × 2 GB × $0.000026
        Assert.Equal((7_200m, 0.0288m), cost["Functions always-ready baseline"]);                // 3,600 s × 2 GB × $0.000004
        Assert.Equal((10_000m, 0.00036m), cost["Table transactions"]);                           // 10,000 × $0.00036 / 1e4
        Assert.Equal((4_000m, 0.00016m), cost["Queue operations"]);                              // 4,000 × $0.0004 / 1e4
        Assert.Equal((2_000m, 0.50m), cost["ACS emails sent"]);                                  // 2,000 × $0.00025
        Assert.Equal((500m, 0.06m), cost["ACS data transferred"]);                               // 1,000 × 0.5 MB (both emails) × $0.00012
        Assert.Equal((0.61132m, true), CostModel.Total(CostModel.Compute(Scenario, Prices)));
    }

    [Fact]
    public void Total_UnknownPrice_LeavesTheLineOutAndSaysSo()
    {
        var lines = CostModel.Compute(Scenario, Prices with { QueuePerTenThousandOperations = null });

        Assert.Null(lines.Single(l => l.Meter == "Queue operations").Cost);
        Assert.Equal((0.61116m, false), CostModel.Total(lines));
        Assert.Contains("**not found: parameter**", CostModel.Render([Scenario], Prices with { QueuePerTenThousandOperations = null }), StringComparison.Ordinal);
    }

    [Fact]
    public void Night_IsThirtyMinutesAt1700SignInsASecond_AndATenthOfThemRecover()
    {
        var night = CostScenario.Night();

        Assert.Equal([(3_060_000m, CostProfile.SignIn), (306_000m, CostProfile.Recovery)], night.Work);
    }
}
