using Azure;
using Azure.Data.Tables;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Secrets;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Infrastructure.Cache;
using RecoveryFunctions.Infrastructure.Secrets;
using RecoveryFunctions.Infrastructure.Storage;

namespace RecoveryFunctions.Infrastructure.Health;

/// <summary>What the health endpoint reports: every dependency's state and the outbox, never a secret or a name.</summary>
/// <param name="Storage"><c>ok</c> or <c>unavailable</c> (a point read on the accounts table).</param>
/// <param name="KeyVault"><c>ok</c>, <c>unavailable</c>, or <c>not-configured</c> (secrets from configuration).</param>
/// <param name="Cache"><c>ok</c>, <c>unavailable</c>, or <c>not-configured</c> (throttles in Table storage): one PING.</param>
/// <param name="OutboxDepth">Approximate messages waiting in the outbox queue; null when the queue did not answer.</param>
/// <param name="PoisonCount">Approximate messages in the poison queue; null when the queue did not answer.</param>
/// <param name="OldestAge">Age of the oldest visible outbox message; null when none is visible.</param>
/// <param name="CheckedAt">When the dependencies were read (the report is shared for <see cref="SystemHealth.CacheDuration"/>).</param>
public sealed record HealthReport(string Storage, string KeyVault, string Cache, long? OutboxDepth, long? PoisonCount, TimeSpan? OldestAge, DateTimeOffset CheckedAt)
{
    public bool Healthy => Storage == SystemHealth.Ok && KeyVault != SystemHealth.Unavailable && Cache != SystemHealth.Unavailable;
}

/// <summary>
/// Reads storage, Key Vault (metadata of the current token key, never its value) and both outbox queues in
/// parallel, at most once per <see cref="CacheDuration"/> per instance whatever the probe rate, and records the
/// outbox gauges. Concurrent callers share one read in flight.
/// </summary>
public sealed class SystemHealth
{
    public const string Ok = "ok";
    public const string Unavailable = "unavailable";
    public const string NotConfigured = "not-configured";

    /// <summary>How long one reading is served: probes every few seconds cost the dependencies a read every 5 s at most.</summary>
    public static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly StorageClients _clients;
    private readonly TableNames _names;
    private readonly SecretClient? _vault;
    private readonly RecoveryMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ThrottleCache? _cache;
    private readonly Lock _gate = new();
    private Task<HealthReport>? _current;

    /// <param name="secretClient">The vault client a host or test registered; otherwise one is built when <c>Secrets:Source</c> is KeyVault.</param>
    /// <param name="cache">Probed when <c>Throttling:Store</c> is Redis.</param>
    public SystemHealth(
        StorageClients clients, TableNames names, IOptions<SecretsOptions> secrets, RecoveryMetrics metrics, TimeProvider time, ThrottleCache cache, IOptions<ThrottleStoreOptions> throttles, SecretClient? secretClient = null)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(throttles);
        _cache = throttles.Value.Store == ThrottleStoreKind.Redis ? cache : null;
        _clients = clients;
        _names = names;
        _metrics = metrics;
        _time = time;
        _vault = secrets.Value.Source == SecretSourceKind.KeyVault ? secretClient ?? SecretSourceFactory.CreateSecretClient(secrets.Value) : null;
    }

    /// <summary>The last reading if younger than <see cref="CacheDuration"/>, else a new one (<paramref name="fresh"/> forces it).</summary>
    public Task<HealthReport> CheckAsync(bool fresh = false)
    {
        lock (_gate)
        {
            var current = _current;
            if (fresh || current is null || (current.IsCompleted && (!current.IsCompletedSuccessfully || _time.GetUtcNow() - current.Result.CheckedAt >= CacheDuration)))
            {
                // Not tied to one caller's cancellation: the reading is shared by everyone who asks meanwhile.
                _current = current = ReadAsync();
            }

            return current;
        }
    }

    private async Task<HealthReport> ReadAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout, _time);
        var storage = Probe(() => _clients.Table(_names.Accounts).GetEntityIfExistsAsync<TableEntity>("health", "probe", cancellationToken: timeout.Token));
        var vault = _vault is null ? Task.FromResult(true) : Probe(() => _vault.GetPropertiesOfSecretVersionsAsync(SecretNames.TokenKeyCurrent, timeout.Token).AsPages(pageSizeHint: 1).GetAsyncEnumerator(timeout.Token).MoveNextAsync().AsTask());
        var cache = _cache is null ? Task.FromResult(true) : _cache.PingAsync(timeout.Token);
        // Both lanes (time-critical and notifications) and both poison queues.
        var depth = CountAsync([_names.EmailQueue, _names.EmailNotificationQueue], timeout.Token);
        var poison = CountAsync([_names.EmailPoisonQueue, _names.EmailNotificationPoisonQueue], timeout.Token);
        var oldest = OldestAsync([_names.EmailQueue, _names.EmailNotificationQueue], timeout.Token);
        await Task.WhenAll(storage, vault, cache, depth, poison, oldest);

        var report = new HealthReport(
            await storage ? Ok : Unavailable,
            _vault is null ? NotConfigured : await vault ? Ok : Unavailable,
            _cache is null ? NotConfigured : await cache ? Ok : Unavailable,
            await depth,
            await poison,
            await oldest,
            _time.GetUtcNow());
        _metrics.OutboxInspected(report.OutboxDepth ?? 0, report.PoisonCount ?? 0, report.OldestAge);
        return report;
    }

    private async Task<long?> CountAsync(IEnumerable<string> queues, CancellationToken cancellationToken)
    {
        try
        {
            var counts = await Task.WhenAll(queues.Select(async queue => (long)(await _clients.Queues.GetQueueClient(queue).GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount));
            return counts.Sum();
        }
        catch (Exception e) when (IsOutage(e))
        {
            return null;
        }
    }

    /// <summary>Peeks the head of each lane (Storage queues are roughly FIFO); hidden messages (429 re-queues) are not seen.</summary>
    private async Task<TimeSpan?> OldestAsync(IEnumerable<string> queues, CancellationToken cancellationToken)
    {
        try
        {
            var heads = await Task.WhenAll(queues.Select(async queue => (await _clients.Queues.GetQueueClient(queue).PeekMessagesAsync(1, cancellationToken)).Value));
            var inserted = heads.SelectMany(peeked => peeked).Select(m => m.InsertedOn).OfType<DateTimeOffset>().ToList();
            return inserted.Count == 0 ? null : _time.GetUtcNow() - inserted.Min();
        }
        catch (Exception e) when (IsOutage(e))
        {
            return null;
        }
    }

    private static async Task<bool> Probe(Func<Task> read)
    {
        try
        {
            await read();
            return true;
        }
        catch (Exception e) when (IsOutage(e))
        {
            return false;
        }
    }

    private static bool IsOutage(Exception e) => e is RequestFailedException or OperationCanceledException or AggregateException or Azure.Identity.AuthenticationFailedException;
}
