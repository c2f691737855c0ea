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

/// <summary>The app's key provider, counting how often a service asks it for the key ring.</summary>
public sealed class KeyRingAskCounter(ITokenKeyProvider inner) : ITokenKeyProvider
{
    private int _asks;

    public int Asks => Volatile.Read(ref _asks);

    public void Reset() => Interlocked.Exchange(ref _asks, 0);

    public ValueTask<TokenKeyRing> GetKeyRingAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _asks);
        return inner.GetKeyRingAsync(cancellationToken);
    }
}
