using Azure;
using Azure.Data.Tables;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// Window counters. Partition = expiry bucket of the window's end plus one window (a row is still read as the
/// previous window's while the next one runs; cleanup drops them by range), row = scope + window + HMAC-SHA256 of
/// the key under the token key ring (addresses and IPs never appear in clear, and without the key a dump cannot be
/// matched against a list of addresses). All counters of one request share the partition, so they are read with
/// one query and written with one ETag-guarded batch: two storage operations whatever their number, and parallel
/// hits can never both read the same count. A <see cref="ThrottleCounter.Sliding"/> counter also reads the previous
/// window's row in that query (its partition is the one before). What the counts mean (the weighted estimate, refusal,
/// retry-after) is <see cref="SlidingWindow"/>'s business: this adapter only reads and writes them.
/// After a key rotation the row under the previous key is read too and its count carried into the new row,
/// so rotating the key never opens a fresh window; the old row expires and is swept like any other.
/// </summary>
public sealed class TableThrottleStore(StorageClients clients, TableNames names, ITokenKeyProvider keys, TimeProvider time, RecoveryMetrics metrics) : IThrottleStore
{
    private const int MaxRaces = 20;
    private const string CountProperty = "Count";
    private readonly TableClient _table = clients.Tables.GetTableClient(names.Throttles);

    public async Task<ThrottleDecision> HitAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan length, CancellationToken cancellationToken = default)
    {
        var (window, rows) = await PrepareAsync(counters, length, cancellationToken);
        for (var attempt = 0; attempt < MaxRaces; attempt++)
        {
            var existing = await ReadAsync(window, rows, cancellationToken);
            var hit = window.Hit(Readings(rows, existing));
            foreach (var refused in hit.RefusedCounters)
            {
                metrics.ThrottleRefuse(refused.Counter.Scope);
            }

            var actions = hit.Counted.Select(c => Write(window, RowOf(rows, c.Counter), existing, c.Current + 1)).ToList();
            try
            {
                if (actions.Count > 0)
                {
                    await _table.SubmitTransactionAsync(actions, cancellationToken);
                }

                return hit.Decision;
            }
            catch (RequestFailedException e) when (StorageErrors.IsLostRace(e))
            {
                // Another hit landed between our read and our write: read again.
            }
        }

        // Heavy contention on one key is itself a sign of abuse: refuse rather than loop.
        return window.Contended(rows.Select(r => r.Counter));
    }

    public async Task<ThrottleDecision> CheckAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan length, CancellationToken cancellationToken = default)
    {
        var (window, rows) = await PrepareAsync(counters, length, cancellationToken);
        var existing = await ReadAsync(window, rows, cancellationToken);
        return window.Check(Readings(rows, existing));
    }

    public async Task<IReadOnlyList<int>> CountAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan length, CancellationToken cancellationToken = default)
    {
        var (window, rows) = await PrepareAsync(counters, length, cancellationToken);
        var existing = await ReadAsync(window, rows, cancellationToken);
        return [.. counters.Select(c => window.Estimate(rows.First(r => r.Counter.Scope == c.Scope && r.Counter.Key == c.Key).Reading(existing)))];
    }

    public async Task RefundAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan length, int hits = 1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hits);
        var (window, rows) = await PrepareAsync(counters, length, cancellationToken);
        for (var attempt = 0; attempt < MaxRaces; attempt++)
        {
            var existing = await ReadAsync(window, rows, cancellationToken);
            var actions = rows
                .Select(row => (Row: row, Count: row.Reading(existing).Current))
                .Where(c => c.Count > 0)
                .Select(c => Write(window, c.Row, existing, SlidingWindow.Refunded(c.Count, hits)))
                .ToList();
            try
            {
                if (actions.Count > 0)
                {
                    await _table.SubmitTransactionAsync(actions, cancellationToken);
                }

                return;
            }
            catch (RequestFailedException e) when (StorageErrors.IsLostRace(e))
            {
                // A hit landed meanwhile: refund from the new count.
            }
        }
    }

    /// <summary>Partition of this window's rows: the expiry bucket of the moment the count stops mattering (cleanup drops them by range).</summary>
    private static string PartitionOf(SlidingWindow window) => ExpiryBucket.Format(ExpiryBucket.Of(window.CountExpiry));

    /// <summary>Partition of the previous window's rows (its count expires as this window ends).</summary>
    private static string PreviousPartitionOf(SlidingWindow window) => ExpiryBucket.Format(ExpiryBucket.Of(window.End));

    private async Task<(SlidingWindow Window, List<CounterRows> Rows)> PrepareAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan length, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counters);
        var window = SlidingWindow.At(time.GetUtcNow(), length);
        var ring = await keys.GetKeyRingAsync(cancellationToken);
        List<string> Names(ThrottleCounter c, DateTimeOffset start) =>
            [.. ring.ThrottleKeyHashes(c.Scope, c.Key).Select(hash => $"{c.Scope}_{start.UtcTicks}_{hash}")];
        var rows = counters
            .Select(c => new CounterRows(c, Names(c, window.Start), c.Sliding ? Names(c, window.PreviousStart) : []))
            .DistinctBy(r => r.Current)
            .ToList();
        return (window, rows);
    }

    private static List<CounterReading> Readings(List<CounterRows> rows, Dictionary<string, TableEntity> existing)
        => [.. rows.Select(r => r.Reading(existing))];

    private static CounterRows RowOf(List<CounterRows> rows, ThrottleCounter counter) => rows.First(r => ReferenceEquals(r.Counter, counter));

    /// <summary>Writes the count under the current key: an update of the current row, or an insert carrying a previous key's count.</summary>
    private static TableTransactionAction Write(SlidingWindow window, CounterRows row, Dictionary<string, TableEntity> existing, int count)
    {
        var current = existing.GetValueOrDefault(row.Current);
        var entity = new TableEntity(PartitionOf(window), row.Current) { [CountProperty] = count, ["ExpiresAt"] = window.CountExpiry };
        return current is null
            ? new TableTransactionAction(TableTransactionActionType.Add, entity)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, current.ETag);
    }

    /// <summary>One query: this window's rows, and the previous window's rows of sliding counters (its partition is the one before).</summary>
    private async Task<Dictionary<string, TableEntity>> ReadAsync(SlidingWindow window, List<CounterRows> rows, CancellationToken cancellationToken)
    {
        static string InPartition(string partition, IEnumerable<string> rowKeys) =>
            TableClient.CreateQueryFilter($"PartitionKey eq {partition}") + " and (" + string.Join(" or ", rowKeys.Select(row => TableClient.CreateQueryFilter($"RowKey eq {row}"))) + ")";
        var filter = InPartition(PartitionOf(window), rows.SelectMany(r => r.Keys));
        var previous = rows.SelectMany(r => r.PreviousKeys).ToList();
        if (previous.Count > 0)
        {
            filter = "(" + filter + ") or (" + InPartition(PreviousPartitionOf(window), previous) + ")";
        }

        var found = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found[entity.RowKey] = entity;
        }

        return found;
    }

    /// <summary>
    /// One counter's row keys in this window (under the current key first, then under the previous key: rotation)
    /// and, for a sliding counter, in the previous window.
    /// </summary>
    private sealed record CounterRows(ThrottleCounter Counter, IReadOnlyList<string> Keys, IReadOnlyList<string> PreviousKeys)
    {
        public string Current => Keys[0];

        /// <summary>The counts as read: the current row's (or the previous key's row's, carried over after a rotation) and the previous window's.</summary>
        public CounterReading Reading(Dictionary<string, TableEntity> existing) => new(Counter, CountOf(Keys, existing), CountOf(PreviousKeys, existing));

        private static int CountOf(IReadOnlyList<string> keys, Dictionary<string, TableEntity> existing)
            => keys.Select(existing.GetValueOrDefault).FirstOrDefault(e => e is not null)?.GetInt32(CountProperty) ?? 0;
    }
}
