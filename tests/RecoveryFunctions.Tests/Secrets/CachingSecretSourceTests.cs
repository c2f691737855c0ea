using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Infrastructure.Secrets;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Secrets;

public sealed class CachingSecretSourceTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    private readonly ManualTimeProvider _clock = new();
    private readonly CapturingLogger<CachingSecretSource> _logger = new();

    [Fact]
    public async Task GetSecretAsync_WithinInterval_ServedFromCache()
    {
        var inner = new ScriptedSecretSource(_ => ValueTask.FromResult<string?>("value-1"));
        var source = Create(inner);

        Assert.Equal("value-1", await source.GetSecretAsync("token-hmac-current"));
        _clock.Advance(Interval - TimeSpan.FromSeconds(1));
        Assert.Equal("value-1", await source.GetSecretAsync("token-hmac-current"));

        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task GetSecretAsync_AfterInterval_ReadsRotatedValue()
    {
        var current = "value-1";
        var inner = new ScriptedSecretSource(_ => ValueTask.FromResult<string?>(current));
        var source = Create(inner);
        await source.GetSecretAsync("token-hmac-current");

        current = "value-2";
        _clock.Advance(Interval);

        Assert.Equal("value-2", await source.GetSecretAsync("token-hmac-current"));
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task GetSecretAsync_DifferentNames_CachedSeparately()
    {
        var inner = new ScriptedSecretSource(name => ValueTask.FromResult<string?>(name == "a" ? "value-a" : null));
        var source = Create(inner);

        Assert.Equal("value-a", await source.GetSecretAsync("a"));
        Assert.Null(await source.GetSecretAsync("b"));
        Assert.Null(await source.GetSecretAsync("b"));

        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task GetSecretAsync_ConcurrentFirstReads_ShareOneInnerCall()
    {
        var release = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var inner = new ScriptedSecretSource(_ => new ValueTask<string?>(release.Task));
        var source = Create(inner);

        var reads = Enumerable.Range(0, 16).Select(_ => source.GetSecretAsync("token-hmac-current").AsTask()).ToArray();
        release.SetResult("value-1");
        var values = await Task.WhenAll(reads);

        Assert.All(values, value => Assert.Equal("value-1", value));
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task GetSecretAsync_RefreshFailsAfterCachedValue_ServesOldValueAndLogsWarningWithoutValue()
    {
        var fail = false;
        var inner = new ScriptedSecretSource(_ => fail
            ? ValueTask.FromException<string?>(new InvalidOperationException("vault unavailable"))
            : ValueTask.FromResult<string?>("old-secret-value"));
        var source = Create(inner);
        await source.GetSecretAsync("token-hmac-current");

        fail = true;
        _clock.Advance(Interval);

        Assert.Equal("old-secret-value", await source.GetSecretAsync("token-hmac-current"));
        var warning = Assert.Single(_logger.Entries, entry => entry.Level == LogLevel.Warning);
        Assert.Contains("token-hmac-current", warning.Text, StringComparison.Ordinal);
        Assert.All(_logger.Entries, entry => Assert.DoesNotContain("old-secret-value", entry.Text, StringComparison.Ordinal));

        // No hammering during the outage: the next attempt waits for the retry delay.
        Assert.Equal("old-secret-value", await source.GetSecretAsync("token-hmac-current"));
        Assert.Equal(2, inner.Calls);

        fail = false;
        _clock.Advance(CachingSecretSource.FailedRefreshRetryDelay);
        Assert.Equal("old-secret-value", await source.GetSecretAsync("token-hmac-current"));
        Assert.Equal(3, inner.Calls);
    }

    [Fact]
    public async Task GetSecretAsync_RefreshFailsAfterCachedValue_PicksUpNewValueOnRecovery()
    {
        var fail = false;
        var current = "value-1";
        var inner = new ScriptedSecretSource(_ => fail
            ? ValueTask.FromException<string?>(new HttpRequestException("timeout"))
            : ValueTask.FromResult<string?>(current));
        var source = Create(inner);
        await source.GetSecretAsync("token-hmac-current");

        fail = true;
        _clock.Advance(Interval);
        Assert.Equal("value-1", await source.GetSecretAsync("token-hmac-current"));

        fail = false;
        current = "value-2";
        _clock.Advance(CachingSecretSource.FailedRefreshRetryDelay);
        Assert.Equal("value-2", await source.GetSecretAsync("token-hmac-current"));
    }

    [Fact]
    public async Task GetSecretAsync_FirstReadFails_ThrowsAndRetriesNextTime()
    {
        var fail = true;
        var inner = new ScriptedSecretSource(_ => fail
            ? ValueTask.FromException<string?>(new InvalidOperationException("vault unavailable"))
            : ValueTask.FromResult<string?>("value-1"));
        var source = Create(inner);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await source.GetSecretAsync("token-hmac-current"));

        fail = false;
        Assert.Equal("value-1", await source.GetSecretAsync("token-hmac-current"));
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task GetSecretAsync_CallerCancels_SharedReadStillCompletesForOthers()
    {
        var release = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var inner = new ScriptedSecretSource(_ => new ValueTask<string?>(release.Task));
        var source = Create(inner);
        using var cancellation = new CancellationTokenSource();

        var cancelled = source.GetSecretAsync("token-hmac-current", cancellation.Token).AsTask();
        var patient = source.GetSecretAsync("token-hmac-current").AsTask();
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        release.SetResult("value-1");
        Assert.Equal("value-1", await patient);
        Assert.Equal(1, inner.Calls);
    }

    /// <summary>A caller that met a key it does not know reads past the cache, but at most once per 30 s per name.</summary>
    [Fact]
    public async Task GetFreshSecretAsync_WithinInterval_ReadsAgainAtMostOncePerFreshReadInterval()
    {
        var current = "value-1";
        var inner = new ScriptedSecretSource(_ => ValueTask.FromResult<string?>(current));
        var source = Create(inner);
        await source.GetSecretAsync("outbox-key-current");
        current = "value-2";

        Assert.Equal("value-1", await source.GetFreshSecretAsync("outbox-key-current"));
        _clock.Advance(CachingSecretSource.FreshReadInterval);
        Assert.Equal("value-2", await source.GetFreshSecretAsync("outbox-key-current"));
        Assert.Equal("value-2", await source.GetFreshSecretAsync("outbox-key-current"));
        Assert.Equal("value-2", await source.GetSecretAsync("outbox-key-current"));

        Assert.Equal(2, inner.Calls);
    }

    private CachingSecretSource Create(ScriptedSecretSource inner) =>
        new(inner, Options.Create(new SecretsOptions { RefreshInterval = Interval }), _clock, _logger);
}
