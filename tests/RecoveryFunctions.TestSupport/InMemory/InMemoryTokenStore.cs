using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.TestSupport.InMemory;

/// <summary>
/// <see cref="ITokenStore"/> in memory, at the addresses the codec gives (partition = expiry bucket + shard), so the
/// sweeper drops expired rows by range; single use and extension rest on the version-guarded replace and delete.
/// </summary>
public sealed class InMemoryTokenStore(InMemoryStorage storage) : ITokenStore
{
    public Task AddAsync(TokenAddress address, TokenRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(record);

        // The address is an HMAC of fresh random bits: a conflict is a bug, and the service would throw too.
        _ = storage.Tokens.TryAdd(address.Partition, address.Row, record) ?? throw new InvalidOperationException("A token row is already stored at this address.");
        return Task.CompletedTask;
    }

    public Task<bool> TryAddAsync(TokenAddress address, TokenRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(record);
        return Task.FromResult(storage.Tokens.TryAdd(address.Partition, address.Row, record) is not null);
    }

    public Task<StoredToken?> GetAsync(TokenAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        return Task.FromResult(storage.Tokens.Get(address.Partition, address.Row) is { } row ? new StoredToken(address, row.Value, row.Version) : null);
    }

    public Task<bool> TryReplaceAsync(StoredToken token, TokenRecord updated, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(updated);
        return Task.FromResult(TryReplace(token.Address, token.Version, updated) is not null);
    }

    public Task<bool> TryDeleteAsync(StoredToken token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Task.FromResult(storage.Tokens.TryDelete(token.Address.Partition, token.Address.Row, token.Version));
    }

    /// <summary>Replace under <paramref name="version"/>; the new version, or null if someone else wrote or deleted first.</summary>
    internal string? TryReplace(TokenAddress address, string version, TokenRecord updated)
        => storage.Tokens.TryReplace(address.Partition, address.Row, version, updated)?.Version;
}
