using RecoveryFunctions.Core.Secrets;

namespace RecoveryFunctions.TestSupport;

/// <summary>An inner secret source whose answer a test scripts per call, counting calls.</summary>
public sealed class ScriptedSecretSource(Func<string, ValueTask<string?>> respond) : ISecretSource
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        return respond(name);
    }
}
