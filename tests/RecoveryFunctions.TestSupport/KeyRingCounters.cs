using RecoveryFunctions.Core.Secrets;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.TestSupport;

/// <summary>The app's secret source, counting reads of the current token key: each one is a read of the key ring.</summary>
public sealed class KeyRingReadCounter(ISecretSource inner) : ISecretSource
{
    private int _reads;

    public int Reads => Volatile.Read(ref _reads);

    public void Reset() => Interlocked.Exchange(ref _reads, 0);

    public ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken = default)
    {
        if (name == SecretNames.TokenKeyCurrent)
        {
            Interlocked.Increment(ref _reads);
        }

        return inner.GetSecretAsync(name, cancellationToken);
    }
}

/// <summary>How often services ask their request's key provider for the ring or the codec, over every request of a graph.</summary>
public sealed class KeyRingAskCounter
{
    private int _asks;

    public int Asks => Volatile.Read(ref _asks);

    public void Reset() => Interlocked.Exchange(ref _asks, 0);

    /// <summary>One request's provider, counted here.</summary>
    public ITokenKeyProvider Counting(ITokenKeyProvider inner) => new Counted(inner, this);

    private sealed class Counted(ITokenKeyProvider inner, KeyRingAskCounter counter) : ITokenKeyProvider
    {
        public ValueTask<TokenKeyRing> GetKeyRingAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref counter._asks);
            return inner.GetKeyRingAsync(cancellationToken);
        }

        public ValueTask<TokenCodec> GetCodecAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref counter._asks);
            return inner.GetCodecAsync(cancellationToken);
        }
    }
}

/// <summary>A request's key provider that always answers the given ring: for a component tested under chosen keys.</summary>
public sealed class FixedTokenKeys(TokenKeyRing ring) : ITokenKeyProvider
{
    public ValueTask<TokenKeyRing> GetKeyRingAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(ring);

    public ValueTask<TokenCodec> GetCodecAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(new TokenCodec(ring));
}
