using System.Security.Cryptography;
using RecoveryFunctions.Core.Secrets;
using RecoveryFunctions.Core.Tokens;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Core;

/// <summary>The per-request key provider on its own; one scope per invocation is proved in HostParity/InvocationScopeTests.</summary>
public sealed class RequestKeysTests
{
    private static readonly string KeyA = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string KeyB = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task GetKeyRingAsync_ConcurrentFirstAsks_OneReadOneRing()
    {
        var release = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var secrets = new KeyRingReadCounter(new ScriptedSecretSource(name => name == SecretNames.TokenKeyCurrent ? new ValueTask<string?>(release.Task) : ValueTask.FromResult<string?>(null)));
        var keys = new RequestKeys(new SecretTokenKeyProvider(secrets));

        var asks = Enumerable.Range(0, 8).Select(_ => keys.GetKeyRingAsync().AsTask()).Append(keys.GetCodecAsync().AsTask().ContinueWith(c => c.Result.Ring, TaskScheduler.Default)).ToList();
        release.SetResult(KeyA);
        var rings = await Task.WhenAll(asks);

        Assert.Equal(1, secrets.Reads);
        Assert.All(rings, ring => Assert.Same(rings[0], ring));
    }

    [Fact]
    public async Task GetCodecAsync_SecretRotatedAfterFirstAsk_SameRingUntilTheNextRequest()
    {
        var current = KeyA;
        var secrets = new ScriptedSecretSource(name => ValueTask.FromResult(name == SecretNames.TokenKeyCurrent ? current : null));
        var decoded = new SecretTokenKeyProvider(secrets);
        var request = new RequestKeys(decoded);

        var first = await request.GetCodecAsync();
        current = KeyB;
        var again = await request.GetCodecAsync();
        var next = await new RequestKeys(decoded).GetKeyRingAsync();

        Assert.Same(first, again);
        Assert.Equal(Hash(KeyA), first.Ring.Hash("t"));
        Assert.Equal(Hash(KeyB), next.Hash("t"));
    }

    private static string Hash(string key) => new TokenKeyRing(Convert.FromBase64String(key), null).Hash("t");
}
