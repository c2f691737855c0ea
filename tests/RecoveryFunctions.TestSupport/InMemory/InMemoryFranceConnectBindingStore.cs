using RecoveryFunctions.Core.Accounts;
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

        // As the table adapter: every key's index row, then one account row (the decoy's when none names an account).
        var claims = identityHashes.Select(hash => (Hash: hash, Account: _index.Get(hash, Row)?.Value)).ToList();
        var (claimedHash, claimed) = claims.FirstOrDefault(c => c.Account is not null);
        var binding = _accounts.Get(claimed ?? IAccountStore.DecoySubscriberNumber, Row)?.Value;
        return Task.FromResult(claimed is not null && binding?.IdentityHash == claimedHash ? claimed : null);
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
