using RecoveryFunctions.Core.Passkeys;
using RecoveryFunctions.Infrastructure.Storage;

namespace RecoveryFunctions.TestSupport.InMemory;

/// <summary><see cref="IPasskeyIndex"/> in memory, at the Table adapter's keys: insert-if-absent, point read, delete if it points here.</summary>
public sealed class InMemoryPasskeyIndex(InMemoryStorage storage) : IPasskeyIndex
{
    private const string Row = "passkey";

    public Task<bool> TryAddAsync(string credentialId, string subscriberNumber, CancellationToken cancellationToken = default)
        => Task.FromResult(storage.PasskeyIndex.TryAdd(TablePasskeyIndex.PartitionOf(credentialId), Row, subscriberNumber) is not null);

    public Task<string?> FindAsync(string credentialId, CancellationToken cancellationToken = default)
        => Task.FromResult(storage.PasskeyIndex.Get(TablePasskeyIndex.PartitionOf(credentialId), Row)?.Value);

    public Task RemoveAsync(string credentialId, string subscriberNumber, CancellationToken cancellationToken = default)
    {
        var partition = TablePasskeyIndex.PartitionOf(credentialId);
        if (storage.PasskeyIndex.Get(partition, Row) is { } entry && entry.Value == subscriberNumber)
        {
            storage.PasskeyIndex.TryDelete(partition, Row, entry.Version);
        }

        return Task.CompletedTask;
    }
}
