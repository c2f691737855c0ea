using RecoveryFunctions.Core.Passwords;

namespace RecoveryFunctions.TestSupport;

/// <summary>The app's own Argon2id hasher, counting every evaluation (hash, verify, dummy verify) made through it.</summary>
public sealed class CountingPasswordHasher(IPasswordHasher inner) : IPasswordHasher
{
    private int _evaluations;

    public int Evaluations => Volatile.Read(ref _evaluations);

    public void Reset() => Interlocked.Exchange(ref _evaluations, 0);

    public string Hash(string password)
    {
        Interlocked.Increment(ref _evaluations);
        return inner.Hash(password);
    }

    public bool Verify(string password, string encoded)
    {
        Interlocked.Increment(ref _evaluations);
        return inner.Verify(password, encoded);
    }

    public bool NeedsRehash(string encoded) => inner.NeedsRehash(encoded);

    public void DummyVerify(string password)
    {
        Interlocked.Increment(ref _evaluations);
        inner.DummyVerify(password);
    }
}
