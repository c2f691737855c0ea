using Microsoft.Extensions.Hosting;
using RecoveryFunctions.Core.Secrets;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// The outbox key ring from the secrets <c>outbox-key-current</c> (required) and <c>outbox-key-previous</c> (optional),
/// each exactly 32 bytes of base64, read as the token keys are (<see cref="SecretKeyPair{TRing}"/>: the secret source
/// caches and refreshes, so a rotation needs no restart). Read once at start-up too: a missing or malformed key stops
/// the app then, naming the secret, rather than failing the first request that queues an email.
/// </summary>
public sealed class OutboxKeyProvider(ISecretSource secrets) : IHostedService
{
    public static readonly SecretKeyPairSpec Spec = new(SecretNames.OutboxKeyCurrent, SecretNames.OutboxKeyPrevious, OutboxKeyRing.KeyBytes, OutboxKeyRing.KeyBytes);

    private readonly SecretKeyPair<OutboxKeyRing> _keys = new(secrets, Spec, (current, previous) => new OutboxKeyRing(current, previous));

    public ValueTask<OutboxKeyRing> GetKeyRingAsync(CancellationToken cancellationToken = default) => _keys.GetAsync(cancellationToken);

    /// <summary>The ring read past the secret cache: for a message under a key id this instance does not know yet.</summary>
    public ValueTask<OutboxKeyRing> GetFreshKeyRingAsync(CancellationToken cancellationToken = default) => _keys.GetFreshAsync(cancellationToken);

    public async Task StartAsync(CancellationToken cancellationToken) => await GetKeyRingAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
