namespace RecoveryFunctions.TestSupport;

/// <summary>
/// One storage call: method, table or queue, its decoded $filter, the partition keys of the rows it returned, and for a
/// queue message written (put or update with content) its text, base64-decoded as Azure.Storage.Queues reads it.
/// </summary>
public sealed record StorageRequest(string Method, string Resource, string? Filter, bool IsPointRead, IReadOnlyList<string> ReturnedPartitions, string? MessageText = null)
{
    /// <summary>The storage account the call went to (Azurite's path segment, or the first label of Azure's host name).</summary>
    public string Account { get; init; } = "";

    /// <summary>
    /// Each entity or message the call wrote, read or deleted, with its table (or queue) and partition: a batch's
    /// operations one by one, a query's rows (or its filter's partition when it found none), a receive's messages.
    /// Control calls (create, properties) and empty queue polls have none.
    /// </summary>
    public IReadOnlyList<StorageTarget> Targets { get; init; } = [];

    /// <summary>The keys of the entity a point read (or an entity's update or delete) addressed, quotes undone.</summary>
    public (string PartitionKey, string RowKey)? PointKeys { get; init; }

    /// <summary>The length of the request's body (an entity, a batch, a message); 0 without one.</summary>
    public long RequestBytes { get; init; }

    /// <summary>When the request entered the recorder (UTC), to place it among a request's other calls.</summary>
    public DateTime Started { get; init; }

    /// <summary>From the request leaving the client's pipeline to its response read, as the app waited for it.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>What the recorder itself took on the request's path after the response (copying what it keeps): not the app's time.</summary>
    public TimeSpan RecordingTime { get; init; }
}

/// <summary>One entity (table, partition key) or one queue message (queue, no partition) a storage call touched.</summary>
public sealed record StorageTarget(string Resource, string Partition, bool IsMessage = false);
