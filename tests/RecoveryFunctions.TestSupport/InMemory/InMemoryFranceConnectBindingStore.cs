using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.FranceConnect;

namespace RecoveryFunctions.TestSupport.InMemory;

/// <summary><see cref="IFranceConnectBindingStore"/> in memory: the same two rows as the table adapter, written and confirmed in the same order.</summary>
public sealed class InMemoryFranceConnectBindingStore(InMemoryStorage storage) : IFranceConnectBindingStore
{
    private const string Row = "binding";
    private readonly InMemoryTable<FranceConnectBinding> _accounts = new("FranceConnectBindings", storage);
    private readonly InMemoryTable<string> _index = new("FranceConnectBindings", storage);

    public Task<bool> TryBindAsync(string subscriberNumber, FranceConnectBinding binding, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(binding);

        // As the table adapter: the claim (a free one taken over), the account's row, then the claim confirmed under its version.
        if (Claim(subscriberNumber, binding.IdentityHash) is not { } claimed)
        {
            return Task.FromResult(false);
        }

        if (_accounts.TryAdd(subscriberNumber, Row, binding) is not { } written)
        {
            _index.TryDelete(binding.IdentityHash, Row, claimed.Version);
            return Task.FromResult(false);
        }

        if (_index.TryReplace(binding.IdentityHash, Row, claimed.Version, subscriberNumber) is not null)
        {
            return Task.FromResult(true);
        }

        _accounts.TryDelete(subscriberNumber, Row, written.Version);
        return Task.FromResult(false);
    }

    /// <summary>
    /// A claim left by a bind that died before writing its account's row, as a crash between the two writes leaves it
    /// (the contract suite's crash window).
    /// </summary>
    public void LeaveClaimAlone(string identityHash, string subscriberNumber) => _index.Upsert(identityHash, Row, subscriberNumber);

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

    private InMemoryRow<string>? Claim(string subscriberNumber, string identityHash)
    {
        if (_index.TryAdd(identityHash, Row, subscriberNumber) is { } added)
        {
            return added;
        }

        if (_index.Get(identityHash, Row) is not { } held)
        {
            return _index.TryAdd(identityHash, Row, subscriberNumber);
        }

        return _accounts.Get(held.Value, Row)?.Value.IdentityHash == identityHash
            ? null
            : _index.TryReplace(identityHash, Row, held.Version, subscriberNumber);
    }

    public Task<bool> UnbindAsync(string subscriberNumber, CancellationToken cancellationToken = default)
    {
        var binding = _accounts.Get(subscriberNumber, Row)?.Value;
        if (binding is null)
        {
            return Task.FromResult(false);
        }

        _accounts.TryDelete(subscriberNumber, Row, version: null);
        if (_index.Get(binding.IdentityHash, Row) is { } claim && claim.Value == subscriberNumber)
        {
            _index.TryDelete(binding.IdentityHash, Row, claim.Version);
        }

        return Task.FromResult(true);
    }
}
