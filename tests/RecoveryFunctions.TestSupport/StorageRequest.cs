namespace RecoveryFunctions.TestSupport;

/// <summary>One storage call: method, table or queue, its decoded $filter, and the partition keys of the rows it returned.</summary>
public sealed record StorageRequest(string Method, string Resource, string? Filter, bool IsPointRead, IReadOnlyList<string> ReturnedPartitions);
