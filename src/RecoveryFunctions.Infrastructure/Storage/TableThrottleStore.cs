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
/// window's row in that query (its partition is the one before) and counts it weighted by the share of the previous
/// window still inside a sliding window: a burst at the end of one window and another at the start of the next
/// cannot double the limit.
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
        var (now, windowEnd, partition) = (window.Now, window.End, window.Partition);
        for (var attempt = 0; attempt < MaxRaces; attempt++)
        {
            var existing = await ReadAsync(window, rows, cancellationToken);
            var refused = new HashSet<string>(StringComparer.Ordinal);
            var filled = new HashSet<string>(StringComparer.Ordinal);
            var actions = new List<TableTransactionAction>();
            var retryAt = windowEnd;
            foreach (var row in rows)
            {
                var count = row.Count(existing);
                var estimate = row.Estimate(existing, window.Weight);
                if (estimate >= row.Counter.Limit)
                {
                    refused.Add(row.Counter.Scope);
                    metrics.ThrottleRefuse(row.Counter.Scope);
                    retryAt = refused.Count == 1 ? window.RetryAt(row, existing) : Max(retryAt, window.RetryAt(row, existing));
                    continue;
                }

                if (estimate + 1 >= row.Counter.Limit)
                {
                    filled.Add(row.Counter.Scope);
                }

                actions.Add(Write(partition, row, existing, count + 1, window.RowExpiry));
            }

            try
            {
                if (actions.Count > 0)
                {
                    await _table.SubmitTransactionAsync(actions, cancellationToken);
                }

                return new ThrottleDecision(refused.Count == 0, refused.Count == 0 ? TimeSpan.Zero : retryAt - now) { Refused = refused, Filled = filled, WindowEnd = windowEnd };
            }
            catch (RequestFailedException e) when (StorageErrors.IsLostRace(e))
            {
                // Another hit landed between our read and our write: read again.
            }
        }

        // Heavy contention on one key is itself a sign of abuse: refuse rather than loop.
        return new ThrottleDecision(false, windowEnd - now) { Refused = rows.Select(r => r.Counter.Scope).ToHashSet(StringComparer.Ordinal), WindowEnd = windowEnd };
    }

    public async Task<ThrottleDecision> CheckAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan length, CancellationToken cancellationToken = default)
    {
        var (window, rows) = await PrepareAsync(counters, length, cancellationToken);
        var existing = await ReadAsync(window, rows, cancellationToken);
        var full = rows.Where(r => r.Estimate(existing, window.Weight) >= r.Counter.Limit).ToList();
        var refused = full.Select(r => r.Counter.Scope).ToHashSet(StringComparer.Ordinal);
        var retryAt = full.Select(r => window.RetryAt(r, existing)).DefaultIfEmpty(window.Now).Max();
        return new ThrottleDecision(refused.Count == 0, retryAt - window.Now) { Refused = refused, WindowEnd = window.End };
    }

    public async Task<IReadOnlyList<int>> CountAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan length, CancellationToken cancellationToken = default)
    {
        var (window, rows) = await PrepareAsync(counters, length, cancellationToken);
        var existing = await ReadAsync(window, rows, cancellationToken);
        return [.. counters.Select(c => rows.First(r => r.Counter.Scope == c.Scope && r.Counter.Key == c.Key).Estimate(existing, window.Weight))];
    }

    public async Task RefundAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan length, int hits = 1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hits);
        var (window, rows) = await PrepareAsync(counters, length, cancellationToken);
        for (var attempt = 0; attempt < MaxRaces; attempt++)
        {
            var existing = await ReadAsync(window, rows, cancellationToken);
            var actions = rows
                .Select(row => (Row: row, Count: row.Count(existing)))
                .Where(c => c.Count > 0)
                .Select(c => Write(window.Partition, c.Row, existing, c.Count - Math.Min(hits, c.Count), window.RowExpiry))
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

    private async Task<(Window Window, List<CounterRows> Rows)> PrepareAsync(IReadOnlyList<ThrottleCounter> counters, TimeSpan length, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counters);
        var window = Window.At(time.GetUtcNow(), length);
        var ring = await keys.GetKeyRingAsync(cancellationToken);
        List<string> Names(ThrottleCounter c, DateTimeOffset start) =>
            [.. ring.ThrottleKeyHashes(c.Scope, c.Key).Select(hash => $"{c.Scope}_{start.UtcTicks}_{hash}")];
        var rows = counters
            .Select(c => new CounterRows(c, Names(c, window.Start), c.Sliding ? Names(c, window.Start - length) : []))
            .DistinctBy(r => r.Current)
            .ToList();
        return (window, rows);
    }

    /// <summary>Writes the count under the current key: an update of the current row, or an insert carrying a previous key's count.</summary>
    private static TableTransactionAction Write(string partition, CounterRows row, Dictionary<string, TableEntity> existing, int count, DateTimeOffset expiresAt)
    {
        var current = existing.GetValueOrDefault(row.Current);
        var entity = new TableEntity(partition, row.Current) { [CountProperty] = count, ["ExpiresAt"] = expiresAt };
        return current is null
            ? new TableTransactionAction(TableTransactionActionType.Add, entity)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, current.ETag);
    }

    /// <summary>One query: this window's rows, and the previous window's rows of sliding counters (its partition is the one before).</summary>
    private async Task<Dictionary<string, TableEntity>> ReadAsync(Window window, List<CounterRows> rows, CancellationToken cancellationToken)
    {
        static string InPartition(string partition, IEnumerable<string> rowKeys) =>
            TableClient.CreateQueryFilter($"PartitionKey eq {partition}") + " and (" + string.Join(" or ", rowKeys.Select(row => TableClient.CreateQueryFilter($"RowKey eq {row}"))) + ")";
        var filter = InPartition(window.Partition, rows.SelectMany(r => r.Keys));
        var previous = rows.SelectMany(r => r.PreviousKeys).ToList();
        if (previous.Count > 0)
        {
            filter = "(" + filter + ") or (" + InPartition(window.PreviousPartition, previous) + ")";
        }

        var found = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found[entity.RowKey] = entity;
        }

        return found;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>The window that holds <see cref="Now"/>, where its rows live, and how much of the previous one still counts.</summary>
    private sealed record Window(DateTimeOffset Now, DateTimeOffset Start, TimeSpan Length)
    {
        public DateTimeOffset End => Start + Length;

        /// <summary>A row is read until the next window ends (as that window's previous one).</summary>
        public DateTimeOffset RowExpiry => End + Length;

        public string Partition => ExpiryBucket.Format(ExpiryBucket.Of(RowExpiry));

        public string PreviousPartition => ExpiryBucket.Format(ExpiryBucket.Of(End));

        /// <summary>The share of the previous window inside the sliding window that ends now.</summary>
        public double Weight => 1 - ((Now - Start) / Length);

        public static Window At(DateTimeOffset now, TimeSpan length) =>
            new(now, new DateTimeOffset(now.UtcTicks - (now.UtcTicks % length.Ticks), TimeSpan.Zero), length);

        /// <summary>When a refused counter next has room: the window's end if this window alone is full, else when the previous window's weight has fallen enough.</summary>
        public DateTimeOffset RetryAt(CounterRows row, Dictionary<string, TableEntity> existing)
        {
            var (current, previous) = (row.Count(existing), row.PreviousCount(existing));
            if (current >= row.Counter.Limit || previous == 0)
            {
                return End;
            }

            // previous × (1 − elapsed/length) + current < limit once elapsed > length × (1 − (limit − current)/previous).
            var elapsed = Length * (1 - ((row.Counter.Limit - current) / (double)previous));
            return Max(Start + elapsed + TimeSpan.FromSeconds(1), Now + TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>
    /// One counter's row keys in this window (under the current key first, then under the previous key: rotation)
    /// and, for a sliding counter, in the previous window.
    /// </summary>
    private sealed record CounterRows(ThrottleCounter Counter, IReadOnlyList<string> Keys, IReadOnlyList<string> PreviousKeys)
    {
        public string Current => Keys[0];

        /// <summary>The current row's count, or the previous key's row's count carried over after a rotation.</summary>
        public int Count(Dictionary<string, TableEntity> existing) => CountOf(Keys, existing);

        public int PreviousCount(Dictionary<string, TableEntity> existing) => CountOf(PreviousKeys, existing);

        /// <summary>This window's count plus the previous window's, weighted by its share of the sliding window.</summary>
        public int Estimate(Dictionary<string, TableEntity> existing, double weight)
            => Count(existing) + (int)Math.Floor(PreviousCount(existing) * weight);

        private static int CountOf(IReadOnlyList<string> keys, Dictionary<string, TableEntity> existing)
            => keys.Select(existing.GetValueOrDefault).FirstOrDefault(e => e is not null)?.GetInt32(CountProperty) ?? 0;
    }
}
