using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Secrets;

namespace RecoveryFunctions.Infrastructure.Secrets;

/// <summary>
/// Keeps each secret for <see cref="SecretsOptions.RefreshInterval"/>, then reads it again so a rotated
/// value takes effect without a restart. Concurrent reads of an expired or unknown name share one call
/// to the inner source. When a refresh fails after a value was cached, the old value keeps being served
/// (a vault blip must not fail every token check) and a retry happens after a short delay. A fresh read (a caller
/// that met a key it does not know yet) skips the cache, at most once per <see cref="FreshReadInterval"/> per name, so
/// messages naming unknown keys cannot turn into a stream of vault calls. Secret values are never logged.
/// </summary>
public sealed class CachingSecretSource(
    ISecretSource inner,
    IOptions<SecretsOptions> options,
    TimeProvider timeProvider,
    ILogger<CachingSecretSource> logger) : ISecretSource
{
    /// <summary>Upper bound on how soon a failed refresh is retried while a stale value is served.</summary>
    public static readonly TimeSpan FailedRefreshRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>How soon after a read of a name a fresh read of it reads the vault again.</summary>
    public static readonly TimeSpan FreshReadInterval = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, CachedSecret> _cache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task<string?>> _pending = new(StringComparer.Ordinal);
    private readonly TimeSpan _refreshInterval = options.Value.RefreshInterval;

    public ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken = default)
        => ReadAsync(name, fresh: false, cancellationToken);

    public ValueTask<string?> GetFreshSecretAsync(string name, CancellationToken cancellationToken = default)
        => ReadAsync(name, fresh: true, cancellationToken);

    private async ValueTask<string?> ReadAsync(string name, bool fresh, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        TaskCompletionSource<string?>? owned = null;
        CachedSecret? stale;
        Task<string?> read;
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            if (_cache.TryGetValue(name, out stale) && now < stale.RefreshAt && (!fresh || now < stale.ReadAt + FreshReadInterval))
            {
                return stale.Value;
            }

            if (!_pending.TryGetValue(name, out var inFlight))
            {
                // Continuations run asynchronously so waiters never resume inside the refreshing call stack.
                owned = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
                inFlight = owned.Task;
                _pending[name] = inFlight;
            }

            read = inFlight;
        }

        if (owned is not null)
        {
            // Not awaited: the shared read must finish even if this particular caller gives up.
            _ = RefreshAsync(name, stale, owned);
        }

        return await read.WaitAsync(cancellationToken);
    }

    private async Task RefreshAsync(string name, CachedSecret? stale, TaskCompletionSource<string?> completion)
    {
        string? value;
        try
        {
            // CancellationToken.None: the result is shared by every waiter, not owned by the first caller.
            value = await inner.GetSecretAsync(name, CancellationToken.None);
        }
        catch (Exception error) when (stale is not null)
        {
            var retryIn = _refreshInterval < FailedRefreshRetryDelay ? _refreshInterval : FailedRefreshRetryDelay;
            logger.LogWarning(
                error,
                "Refreshing secret {SecretName} failed; serving the previously cached value and retrying in {RetryIn}.",
                name,
                retryIn);
            Complete(name, stale with { RefreshAt = timeProvider.GetUtcNow() + retryIn, ReadAt = timeProvider.GetUtcNow() });
            completion.SetResult(stale.Value);
            return;
        }
        catch (Exception error)
        {
            lock (_gate)
            {
                _pending.Remove(name);
            }

            completion.SetException(error);
            return;
        }

        var readAt = timeProvider.GetUtcNow();
        Complete(name, new CachedSecret(value, readAt + _refreshInterval, readAt));
        completion.SetResult(value);
    }

    private void Complete(string name, CachedSecret entry)
    {
        lock (_gate)
        {
            _cache[name] = entry;
            _pending.Remove(name);
        }
    }
}
