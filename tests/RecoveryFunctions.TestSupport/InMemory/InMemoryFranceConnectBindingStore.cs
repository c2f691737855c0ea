using RecoveryFunctions.Core.FranceConnect;

namespace RecoveryFunctions.TestSupport.InMemory;

/// <summary><see cref="IFranceConnectBindingStore"/> in memory: the same two rows as the table adapter, claimed in the same order.</summary>
public sealed class InMemoryFranceConnectBindingStore(InMemoryStorage storage) : IFranceConnectBindingStore
{
    private const string Row = "binding";
    private readonly InMemoryTable<FranceConnectBinding> _accounts = new("FranceConnectBindings", storage);
    private readonly InMemoryTable<string> _index = new("FranceConnectBindings", storage);

    public Task<bool> TryBindAsync(string subscriberNumber, FranceConnectBinding binding, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(binding);
        if (_index.TryAdd(binding.IdentityHash, Row, subscriberNumber) is null)
        {
            return Task.FromResult(false);
        }

        if (_accounts.TryAdd(subscriberNumber, Row, binding) is not null)
        {
            return Task.FromResult(true);
        }

        _index.TryDelete(binding.IdentityHash, Row, version: null);
        return Task.FromResult(false);
    }

    public Task<FranceConnectBinding?> FindByAccountAsync(string subscriberNumber, CancellationToken cancellationToken = default)
        => Task.FromResult(_accounts.Get(subscriberNumber, Row)?.Value);

    public Task<string?> FindAccountAsync(IReadOnlyList<string> identityHashes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identityHashes);
        var found = identityHashes
            .Select(hash => (Hash: hash, Account: _index.Get(hash, Row)?.Value))
            .FirstOrDefault(candidate => candidate.Account is not null && _accounts.Get(candidate.Account, Row)?.Value.IdentityHash == candidate.Hash);
        return Task.FromResult(found.Account);
    }

    public Task<bool> UnbindAsync(string subscriberNumber, CancellationToken cancellationToken = default)
    {
        var binding = _accounts.Get(subscriberNumber, Row)?.Value;
        if (binding is null)
        {
            return Task.FromResult(false);
        }

        _accounts.TryDelete(subscriberNumber, Row, version: null);
        _index.TryDelete(binding.IdentityHash, Row, version: null);
        return Task.FromResult(true);
    }
}
