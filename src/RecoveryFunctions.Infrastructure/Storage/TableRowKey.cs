namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>The address of one table row.</summary>
internal readonly record struct TableRowKey(string Partition, string Row);
