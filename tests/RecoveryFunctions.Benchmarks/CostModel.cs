using System.Globalization;
using System.Text;

namespace RecoveryFunctions.Benchmarks;

/// <summary>
/// Unit prices in US dollars, pay-as-you-go list prices, monthly free grants left out (a marginal cost: the grants are
/// 100,000 GB-s and 250,000 executions a month, worth about $2.70). Null is a price no stored source gave: its line
/// shows the quantity and no cost, and the total says it leaves that line out (docs/operations/cost.md, "Prices").
/// </summary>
public sealed record CostPrices(
    decimal? OnDemandPerGbSecond,
    decimal? OnDemandPerMillionExecutions,
    decimal? AlwaysReadyBaselinePerGbSecond,
    decimal? TablePerTenThousandTransactions,
    decimal? QueuePerTenThousandOperations,
    decimal? AcsPerEmail,
    decimal? AcsPerMegabyte)
{
    /// <summary>The prices used by <c>--cost</c>, each with the source it was read from (cited in docs/operations/cost.md).</summary>
    public static CostPrices Published { get; } = new(
        // Flex Consumption, on demand, execution time and executions: $0.000026/GB-s, $0.40 per million (grants 100,000
        // GB-s and 250,000 executions). Secondary: modal.com/blog/azure-function-pricing-guide (2025-05-22, East US) and
        // a stored research note quoting azure.microsoft.com/pricing/details/functions ("accessed 2026-08-08"). The
        // billing model itself: MicrosoftDocs/azure-docs includes/functions-flex-consumption-billing-table.md (2024-11-05).
        OnDemandPerGbSecond: 0.000026m,
        OnDemandPerMillionExecutions: 0.40m,
        // Always ready baseline: $0.000004/GB-s, same secondary sources (a EUR copy gives €0.0000038, West Europe).
        AlwaysReadyBaselinePerGbSecond: 0.000004m,
        // Table storage, LRS, every operation type: $0.00036 per 10,000 transactions, "identical in West Europe and East
        // US" per a stored research note dated 2026-07-29 quoting the Tables pricing page; no Microsoft-hosted copy found.
        TablePerTenThousandTransactions: 0.00036m,
        // Queue storage operations: no stored source gave a dated price. Left as a parameter on purpose.
        QueuePerTenThousandOperations: null,
        // ACS Email: $0.00025 per email and $0.00012 per MB transferred (headers, body, attachments), per recipient.
        // MicrosoftDocs/azure-docs articles/communication-services/concepts/email-pricing.md (ms.date 2023-03-31,
        // "for illustrative purposes"); the same figures in third-party notes dated 2026.
        AcsPerEmail: 0.00025m,
        AcsPerMegabyte: 0.00012m);
}

/// <summary>What one unit of work (one completed recovery, one sign-in) costs in platform operations; <see cref="EmailBytes"/> counts all its emails together.</summary>
public sealed record CostProfile(
    string Name,
    decimal HttpExecutions,
    decimal QueueExecutions,
    decimal TableTransactions,
    decimal QueueOperations,
    decimal Emails,
    decimal EmailBytes)
{
    /// <summary>
    /// One completed password recovery, captcha to confirmation email: the 19 operations of docs/benchmarks.md (by link;
    /// pinned per step by RecoveryOperationsTests: 15 table — tokens 6, accounts and index 8, audit 1 — and 4 queue: each
    /// email put and deleted, its delivery status read in the sending run); the throttle counters are cache scripts
    /// (decision 0008), paid with the cache by the hour, not per operation. HTTP: captcha, its image, identify, code,
    /// answer, password; queue executions: one per email; bytes: the recovery link email (5.8 KB) and the "password
    /// changed" notice with its récapitulatif PDF (37.9 KB), mean sizes of the local mailbox's .eml files.
    /// </summary>
    public static CostProfile Recovery { get; } = new("completed recovery", 6, 2, 15, 4, 2, 43_700);

    /// <summary>
    /// One successful sign-in: the 4 table operations left once its counters moved to the cache (address index and
    /// account reads, the account write, the session row; docs/operations/deadline-night.md). No email.
    /// </summary>
    public static CostProfile SignIn { get; } = new("sign-in", 1, 0, 4, 0, 0, 0);
}

/// <summary>A workload: how many of each unit, on which instances, and how fast one instance serves them.</summary>
public sealed record CostScenario(
    string Name,
    IReadOnlyList<(decimal Count, CostProfile Profile)> Work,
    decimal InstanceMemoryGb,
    decimal HttpRequestsPerInstanceSecond,
    decimal QueueMessagesPerInstanceSecond,
    decimal AlwaysReadyInstances = 0,
    decimal AlwaysReadySeconds = 0)
{
    /// <summary>1,700 sign-ins a second for 30 minutes (issue 23).</summary>
    public const decimal NightSignIns = 1_700m * 30 * 60;

    /// <summary>The share of sign-ins that turn into a completed recovery on the night.</summary>
    public const decimal NightRecoveryShare = 0.10m;

    /// <summary>
    /// HTTP requests a second one busy instance serves, from the CPU per request that <c>--throughput</c> measured on a
    /// quiet machine (docs/operations/deadline-night.md, "Throughput per instance", 2026-12-06 16:48 UTC), at 70 % of a
    /// 2-vCPU instance (1.4 CPU-seconds a second). A completed recovery's six requests take 194 ms of CPU (captcha 15.6,
    /// identify 6.9, verify 4.6, answer 59, new password 108; the 2× image fetched on request unmeasured, taken as
    /// nothing): 32.3 ms a request, 43 a second. The captcha's figure is the 2026-12-07 00:04 UTC run's, the first whose
    /// captcha drew its image (the VM as fast as at 16:48: Argon2id 24.9 against 21.2 ms); before it the benchmark's
    /// renderer drew nothing and the captcha counted 2.3 ms.
    /// </summary>
    public const decimal RecoveryHttpPerInstanceSecond = 43;

    /// <summary>
    /// The night's mix: 1,700 sign-ins a second at 54 ms of CPU each and 170 recoveries at 194 ms, 2,720 requests a
    /// second for 125 CPU-seconds: 45.9 ms a request, 30 a second per instance (the same 70 % of 2 vCPU).
    /// </summary>
    public const decimal NightHttpPerInstanceSecond = 30;

    /// <summary>
    /// Email messages a second one instance works through: not measured (a send is one ACS request and an awaited
    /// status read that holds no CPU), kept as the earlier placeholder.
    /// </summary>
    public const decimal QueuePerInstanceSecond = 20;

    /// <summary>The Bicep's instance memory (infra/main.bicep <c>instanceMemoryMB</c>, 4,096).</summary>
    public const decimal BicepInstanceMemoryGb = 4;

    public static CostScenario MillionRecoveries(decimal memoryGb = BicepInstanceMemoryGb) => new(
        "One million completed recoveries", [(1_000_000m, CostProfile.Recovery)], memoryGb,
        RecoveryHttpPerInstanceSecond, QueuePerInstanceSecond);

    /// <summary>The runbook's always-ready instances: 130 from an hour before the deadline window to its end.</summary>
    public static CostScenario Night(decimal memoryGb = BicepInstanceMemoryGb, decimal alwaysReadyInstances = 130, decimal alwaysReadyHours = 1.5m) => new(
        "The deadline night (1,700 sign-ins/s for 30 min, 10 % of them completed recoveries)",
        [(NightSignIns, CostProfile.SignIn), (NightSignIns * NightRecoveryShare, CostProfile.Recovery)], memoryGb,
        NightHttpPerInstanceSecond, QueuePerInstanceSecond, alwaysReadyInstances, alwaysReadyHours * 3600);
}

/// <summary>One meter of the bill: quantity, unit price, cost (null when the price is unknown).</summary>
public sealed record CostLine(string Meter, decimal Quantity, string Unit, decimal? UnitPrice, string PricedPer, decimal? Cost);

/// <summary>
/// <c>--cost</c>: the bill of a workload from <see cref="CostPrices"/>. Flex Consumption bills the memory of an instance
/// while it executes anything, concurrent executions overlapping, so under sustained load an instance costs its memory
/// for 1 / throughput seconds per request; the 1,000 ms minimum per activity period does not bite a busy instance.
/// </summary>
public static class CostModel
{
    /// <summary>ACS does not say which megabyte; the decimal one bills slightly more.</summary>
    private const decimal Megabyte = 1_000_000m;

    public static IReadOnlyList<CostLine> Compute(CostScenario scenario, CostPrices prices)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(prices);
        decimal Sum(Func<CostProfile, decimal> per) => scenario.Work.Sum(w => w.Count * per(w.Profile));

        var http = Sum(p => p.HttpExecutions);
        var queue = Sum(p => p.QueueExecutions);
        var busyGbSeconds = (http / scenario.HttpRequestsPerInstanceSecond + queue / scenario.QueueMessagesPerInstanceSecond) * scenario.InstanceMemoryGb;
        var baselineGbSeconds = scenario.AlwaysReadyInstances * scenario.AlwaysReadySeconds * scenario.InstanceMemoryGb;
        var megabytes = Sum(p => p.EmailBytes) / Megabyte;
        return
        [
            Line("Functions executions (HTTP + queue)", http + queue, "executions", prices.OnDemandPerMillionExecutions, 1_000_000m, "million"),
            Line("Functions execution time (busy instances)", busyGbSeconds, "GB-s", prices.OnDemandPerGbSecond, 1m, "GB-s"),
            Line("Functions always-ready baseline", baselineGbSeconds, "GB-s", prices.AlwaysReadyBaselinePerGbSecond, 1m, "GB-s"),
            Line("Table transactions", Sum(p => p.TableTransactions), "transactions", prices.TablePerTenThousandTransactions, 10_000m, "10,000"),
            Line("Queue operations", Sum(p => p.QueueOperations), "operations", prices.QueuePerTenThousandOperations, 10_000m, "10,000"),
            Line("ACS emails sent", Sum(p => p.Emails), "emails", prices.AcsPerEmail, 1m, "email"),
            Line("ACS data transferred", megabytes, "MB", prices.AcsPerMegabyte, 1m, "MB"),
        ];
    }

    /// <summary>The sum of the lines whose price is known, and whether any line was left out.</summary>
    public static (decimal Total, bool Complete) Total(IEnumerable<CostLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var all = lines.ToList();
        return (all.Sum(l => l.Cost ?? 0), all.TrueForAll(l => l.Cost is not null || l.Quantity == 0));
    }

    /// <summary>The markdown the <c>--cost</c> mode prints: one table per scenario.</summary>
    public static string Render(IEnumerable<CostScenario> scenarios, CostPrices prices)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        var text = new StringBuilder("# Recovery backend — cost model (USD, list prices, free grants left out)\n\n");
        foreach (var scenario in scenarios)
        {
            var lines = Compute(scenario, prices);
            var (total, complete) = Total(lines);
            text.Append(Invariant($"## {scenario.Name}\n\n{scenario.InstanceMemoryGb} GB instances; {scenario.HttpRequestsPerInstanceSecond} HTTP requests and {scenario.QueueMessagesPerInstanceSecond} queue messages a second per busy instance; {scenario.AlwaysReadyInstances} always-ready instances for {scenario.AlwaysReadySeconds / 3600} h.\n\n"));
            foreach (var (count, profile) in scenario.Work)
            {
                text.Append(Invariant($"- {count:N0} × {profile.Name}: {profile.HttpExecutions} HTTP + {profile.QueueExecutions} queue executions, {profile.TableTransactions} table transactions, {profile.QueueOperations} queue operations, {profile.Emails} emails of {profile.EmailBytes:N0} bytes in all\n"));
            }

            text.Append("\n| Meter | Quantity | Unit price | Cost |\n| --- | --- | --- | --- |\n");
            foreach (var line in lines)
            {
                var price = line.UnitPrice is { } p ? Invariant($"${p} per {line.PricedPer}") : "**not found: parameter**";
                text.Append(Invariant($"| {line.Meter} | {line.Quantity:N1} {line.Unit} | {price} | {(line.Cost is { } c ? Invariant($"${c:N2}") : "—")} |\n"));
            }

            text.Append(Invariant($"| **Total** | | | **${total:N2}**{(complete ? "" : " (without the lines marked not found)")} |\n\n"));
        }

        return text.ToString();
    }

    private static CostLine Line(string meter, decimal quantity, string unit, decimal? price, decimal per, string pricedPer)
        => new(meter, quantity, unit, price, pricedPer, price is { } p ? quantity / per * p : null);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
