namespace RecoveryFunctions.TestSupport;

/// <summary>
/// One storage call: method, table or queue, its decoded $filter, the partition keys of the rows it returned, and for a
/// queue message written (put or update with content) its text, base64-decoded as Azure.Storage.Queues reads it.
/// </summary>
public sealed record StorageRequest(string Method, string Resource, string? Filter, bool IsPointRead, IReadOnlyList<string> ReturnedPartitions, string? MessageText = null);
