using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Secrets;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace RecoveryFunctions.Infrastructure.Cache;

/// <summary>
/// The throttle cache's one connection per instance, opened on first use from the <see cref="SecretNames.ThrottleCacheConnection"/>
/// secret; read and parsed at start (a hosted service), so a missing or malformed secret stops the app before it serves,
/// while an unreachable cache does not: it reconnects in the background and each call meanwhile fails closed
/// (<see cref="ThrottleCacheUnavailableException"/>).
/// </summary>
public sealed class ThrottleCache(ISecretSource secrets, IOptions<ThrottleStoreOptions> options, CacheCommandProfiler? profiler = null) : IHostedService, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ConnectionMultiplexer? _connection;

    public async Task<IDatabase> DatabaseAsync(CancellationToken cancellationToken)
    {
        var connection = _connection;
        if (connection is null)
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                connection = _connection ??= await ConnectAsync(cancellationToken);
            }
            finally
            {
                _gate.Release();
            }
        }

        return connection.GetDatabase();
    }

    /// <summary>One PING: what the health endpoint reports.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await (await DatabaseAsync(cancellationToken)).PingAsync().WaitAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (IsOutage(e) || e is OperationCanceledException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// The failures that mean the cache cannot count, rather than a bug in the script: not answering, or full (no eviction:
    /// an evicted counter would be a limit reset, so a full cache refuses writes and the step fails closed).
    /// </summary>
    public static bool IsOutage(Exception e) => e is RedisConnectionException or RedisTimeoutException or ObjectDisposedException
        || (e is RedisServerException server && server.Message.StartsWith("OOM", StringComparison.Ordinal));

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Store == ThrottleStoreKind.Redis)
        {
            _ = await ConfigurationAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<ConnectionMultiplexer> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(await ConfigurationAsync(cancellationToken));
        if (profiler is not null)
        {
            connection.RegisterProfiler(profiler.Session);
        }

        return connection;
    }

    private async Task<ConfigurationOptions> ConfigurationAsync(CancellationToken cancellationToken)
    {
        var text = await secrets.GetSecretAsync(SecretNames.ThrottleCacheConnection, cancellationToken)
            ?? throw new InvalidOperationException($"Throttling:Store is Redis but the secret '{SecretNames.ThrottleCacheConnection}' (the cache connection) is missing.");
        ConfigurationOptions configuration;
        try
        {
            configuration = ConfigurationOptions.Parse(text);
        }
        catch (ArgumentException)
        {
            // The message would quote the secret.
            throw new InvalidOperationException($"The secret '{SecretNames.ThrottleCacheConnection}' is not a cache connection string (host:port,password=…,ssl=True).");
        }

        // Never fail the first call for good: an unreachable cache is retried in the background, each call meanwhile answering 503.
        var timeout = (int)options.Value.CacheTimeout.TotalMilliseconds;
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = timeout;
        configuration.AsyncTimeout = timeout;
        configuration.SyncTimeout = timeout;
        return configuration;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _gate.Dispose();
    }
}

/// <summary>The cache did not answer in time: the throttled step fails closed (503 <c>service-unavailable</c>), never lets a request through.</summary>
public sealed class ThrottleCacheUnavailableException(Exception inner) : Exception("The throttle cache did not answer.", inner);

/// <summary>
/// Every command the throttle cache's connection sends, through StackExchange.Redis's profiling API: registered by tests and
/// benchmarks (as the storage pipeline policy is) to count the cache commands per step.
/// </summary>
public sealed class CacheCommandProfiler
{
    private ProfilingSession _current = new();

    internal ProfilingSession? Session() => _current;

    /// <summary>The commands sent since the last call (each its name, e.g. <c>EVALSHA</c>, when it was created and its round trip), and a fresh recording from now.</summary>
    public IReadOnlyList<CacheCommand> Drain()
    {
        var finished = Interlocked.Exchange(ref _current, new ProfilingSession());
        return [.. finished.FinishProfiling().Select(c => new CacheCommand(c.Command, c.CommandCreated, c.ElapsedTime))];
    }
}

/// <param name="Created">When the caller created the command (UTC), to place it among a request's other calls.</param>
/// <param name="Elapsed">From the command's creation to its answer, as the caller waited for it.</param>
public sealed record CacheCommand(string Name, DateTime Created, TimeSpan Elapsed)
{
    public bool IsScript => Name.StartsWith("EVAL", StringComparison.Ordinal);
}
