namespace RecoveryFunctions.Benchmarks;

/// <summary>A generated row: its keys and the expiry bucket they encode.</summary>
public sealed record TableRowKeys(string Partition, string Row, long Bucket);
