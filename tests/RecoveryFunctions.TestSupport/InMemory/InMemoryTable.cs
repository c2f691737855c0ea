namespace RecoveryFunctions.TestSupport.InMemory;

/// <summary>One stored row: its keys, its value and the version (ETag) the next conditional write must name.</summary>
public sealed record InMemoryRow<T>(string Partition, string Row, T Value, string Version);

/// <summary>
/// A table as Table Storage keeps one, in memory: rows by (partition, row) in ordinal key order, each write giving a new
/// version; insert-if-absent, and replace or delete under a version, lose exactly where the service answers 409, 412 or
/// 404. Every operation holds one lock, so a read-then-write race is lost as it is on the service, never double-counted.
/// Each operation is logged as the storage request it stands for (<see cref="InMemoryStorage.Operations"/>), so a test
/// can compare the shape of two paths as it does on the real SDK clients.
/// </summary>
public sealed class InMemoryTable<T>(string name, InMemoryStorage storage)
    where T : class
{
    private readonly SortedDictionary<(string Partition, string Row), InMemoryRow<T>> _rows = new(KeyOrder.Instance);

    public string Name => name;

    /// <summary>How many rows the table holds.</summary>
    public int Count
    {
        get
        {
            lock (_rows)
            {
                return _rows.Count;
            }
        }
    }

    /// <summary>Insert-if-absent; null when a row is already there (the service's 409).</summary>
    public InMemoryRow<T>? TryAdd(string partition, string row, T value)
    {
        lock (_rows)
        {
            storage.Log("POST", name);
            if (_rows.ContainsKey((partition, row)))
            {
                return null;
            }

            return _rows[(partition, row)] = new InMemoryRow<T>(partition, row, value, storage.NextVersion());
        }
    }

    /// <summary>
    /// Replaces a row under <paramref name="version"/> and inserts another in its partition, as one transaction: both, or
    /// neither when the first changed or is gone (the service's 412 or 404); false then.
    /// </summary>
    public bool TryReplaceAndAdd(string partition, string row, string version, T value, (string Partition, string Row) addedAt, T added)
    {
        if (!string.Equals(partition, addedAt.Partition, StringComparison.Ordinal))
        {
            throw new ArgumentException("An entity-group transaction covers one partition.", nameof(addedAt));
        }

        var addedRow = addedAt.Row;
        lock (_rows)
        {
            storage.Log("POST", "$batch");
            if (!_rows.TryGetValue((partition, row), out var current) || current.Version != version)
            {
                return false;
            }

            if (_rows.ContainsKey((partition, addedRow)))
            {
                throw new InvalidOperationException("A row is already stored at the added address (the service's 409).");
            }

            _rows[(partition, row)] = new InMemoryRow<T>(partition, row, value, storage.NextVersion());
            _rows[(partition, addedRow)] = new InMemoryRow<T>(partition, addedRow, added, storage.NextVersion());
            return true;
        }
    }

    /// <summary>Insert or replace, unconditionally.</summary>
    public InMemoryRow<T> Upsert(string partition, string row, T value)
    {
        lock (_rows)
        {
            storage.Log("PUT", name);
            return _rows[(partition, row)] = new InMemoryRow<T>(partition, row, value, storage.NextVersion());
        }
    }

    /// <summary>Point read; null when no row is there.</summary>
    public InMemoryRow<T>? Get(string partition, string row)
    {
        lock (_rows)
        {
            storage.Log("GET", name, pointRead: true);
            return _rows.GetValueOrDefault((partition, row));
        }
    }

    /// <summary>Replace under <paramref name="version"/>; the new row, or null when the row changed (412) or is gone (404).</summary>
    public InMemoryRow<T>? TryReplace(string partition, string row, string version, T value)
    {
        lock (_rows)
        {
            storage.Log("PUT", name);
            if (!_rows.TryGetValue((partition, row), out var current) || current.Version != version)
            {
                return null;
            }

            return _rows[(partition, row)] = new InMemoryRow<T>(partition, row, value, storage.NextVersion());
        }
    }

    /// <summary>
    /// Replace under <paramref name="version"/> and, in the same transaction, insert a row of another family of the same
    /// partition (<paramref name="beside"/> stands for the same table there): both, or neither when the replace loses.
    /// Logged as the one batch it stands for.
    /// </summary>
    public InMemoryRow<T>? TryReplaceWith<TBeside>(string partition, string row, string version, T value, InMemoryTable<TBeside> beside, string besideRow, TBeside besideValue)
        where TBeside : class
    {
        ArgumentNullException.ThrowIfNull(beside);
        lock (_rows)
        {
            lock (beside._rows)
            {
                storage.Log("POST", "$batch");
                if (!_rows.TryGetValue((partition, row), out var current) || current.Version != version || beside._rows.ContainsKey((partition, besideRow)))
                {
                    return null;
                }

                beside._rows[(partition, besideRow)] = new InMemoryRow<TBeside>(partition, besideRow, besideValue, storage.NextVersion());
                return _rows[(partition, row)] = new InMemoryRow<T>(partition, row, value, storage.NextVersion());
            }
        }
    }

    /// <summary>Delete under <paramref name="version"/> (null: any version); false when the row changed or is gone.</summary>
    public bool TryDelete(string partition, string row, string? version)
    {
        lock (_rows)
        {
            storage.Log("DELETE", name);
            if (!_rows.TryGetValue((partition, row), out var current) || (version is not null && current.Version != version))
            {
                return false;
            }

            return _rows.Remove((partition, row));
        }
    }

    /// <summary>The rows whose keys match, in key order (partition, then row, ordinal): one query.</summary>
    public IReadOnlyList<InMemoryRow<T>> Query(Func<string, string, bool> keys, int max = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(keys);
        lock (_rows)
        {
            storage.Log("GET", name);
            return [.. _rows.Values.Where(r => keys(r.Partition, r.Row)).Take(max)];
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> alone on the table, as one entity-group transaction: whatever it reads and writes
    /// through <see cref="Batch"/> no other operation can interleave with. Logged as the one query and one batch it stands for.
    /// </summary>
    public TResult Transaction<TResult>(Func<Batch, TResult> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_rows)
        {
            storage.Log("GET", name);
            var batch = new Batch(this);
            var result = work(batch);
            if (batch.Writes > 0)
            {
                storage.Log("POST", "$batch");
            }

            return result;
        }
    }

    /// <summary>Reads and writes inside a <see cref="Transaction{TResult}"/>, the table's lock held.</summary>
    public sealed class Batch(InMemoryTable<T> table)
    {
        public int Writes { get; private set; }

        public T? Get(string partition, string row) => table._rows.GetValueOrDefault((partition, row))?.Value;

        public void Put(string partition, string row, T value)
        {
            Writes++;
            table._rows[(partition, row)] = new InMemoryRow<T>(partition, row, value, table.Storage.NextVersion());
        }
    }

    private InMemoryStorage Storage => storage;

    private sealed class KeyOrder : IComparer<(string Partition, string Row)>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare((string Partition, string Row) x, (string Partition, string Row) y)
        {
            var partition = string.CompareOrdinal(x.Partition, y.Partition);
            return partition != 0 ? partition : string.CompareOrdinal(x.Row, y.Row);
        }
    }
}
