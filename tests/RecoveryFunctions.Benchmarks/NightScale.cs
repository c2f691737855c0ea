using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Benchmarks;

/// <summary>What a load is compared with: a table partition, a queue, a table's or queue's share of an account, an account.</summary>
public enum NightScope
{
    Partition,
    Queue,
    Table,
    Account,
}

/// <summary>One partition, queue, table or account on the night: what was recorded, its rate at the night's load, its target.</summary>
public sealed record NightLoad(NightScope Scope, string Name, int Recorded, double PerSecond, double Target)
{
    public double Share => PerSecond / Target;

    public bool WithinHalf => Share <= NightScale.HalfTarget;
}

/// <summary>
/// Issue 23 item 1's arithmetic, apart from the driver so a test can check it: storage operations recorded while the
/// driver made <paramref name="signInsDriven"/> sign-ins (and the mix's recoveries in proportion), scaled to
/// <paramref name="signInsPerSecond"/>, against Azure's published targets. A partition counts entities (a batch of n
/// rows is n, a query the rows it returned), a queue its messages (put, received, updated, deleted), an account its
/// requests (a batch is one); calls that touched nothing (empty polls, creates, properties) are left out.
/// </summary>
public sealed class NightScale(int signInsDriven, double signInsPerSecond = NightScale.NightSignInsPerSecond)
{
    public const double NightSignInsPerSecond = 1_700;
    public const double PartitionEntitiesPerSecond = 2_000;
    public const double AccountTransactionsPerSecond = 20_000;
    public const double QueueMessagesPerSecond = 2_000;
    public const double HalfTarget = 0.5;
    public static readonly TimeSpan NightLength = TimeSpan.FromMinutes(30);

    public double PerSecond(int recorded) => recorded * signInsPerSecond / signInsDriven;

    /// <summary>
    /// Every table partition and queue the requests touched, each table and each account, hottest first (by share of
    /// its target). <paramref name="name"/> gives a table or queue its display name; <paramref name="account"/> the
    /// configured account of a request's first entity or message (by default the account each request went to).
    /// </summary>
    public IReadOnlyList<NightLoad> Loads(IReadOnlyCollection<StorageRequest> requests, Func<string, string>? name = null, Func<StorageTarget, string>? account = null)
    {
        ArgumentNullException.ThrowIfNull(requests);
        name ??= n => n;
        var touched = requests.Where(r => r.Targets.Count > 0).ToList();
        string AccountOf(StorageRequest r) => account is null ? r.Account : account(r.Targets[0]);
        var targets = touched.SelectMany(r => r.Targets).ToList();
        var partitions = targets.Where(t => !t.IsMessage).GroupBy(t => $"{name(t.Resource)} {t.Partition}", StringComparer.Ordinal)
            .Select(g => Load(NightScope.Partition, g.Key, g.Count(), PartitionEntitiesPerSecond));
        var queues = targets.Where(t => t.IsMessage).GroupBy(t => name(t.Resource), StringComparer.Ordinal)
            .Select(g => Load(NightScope.Queue, g.Key, g.Count(), QueueMessagesPerSecond));
        var tables = touched.GroupBy(r => name(r.Targets[0].Resource), StringComparer.Ordinal)
            .Select(g => Load(NightScope.Table, g.Key, g.Count(), AccountTransactionsPerSecond));
        var accounts = touched.GroupBy(AccountOf, StringComparer.Ordinal)
            .Select(g => Load(NightScope.Account, g.Key, g.Count(), AccountTransactionsPerSecond));
        return [.. partitions.Concat(queues).Concat(tables).Concat(accounts).OrderByDescending(l => l.Share).ThenBy(l => l.Name, StringComparer.Ordinal)];
    }

    private NightLoad Load(NightScope scope, string name, int recorded, double target) => new(scope, name, recorded, PerSecond(recorded), target);
}
