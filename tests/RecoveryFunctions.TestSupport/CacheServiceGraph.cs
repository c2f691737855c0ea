using RecoveryFunctions.Core.Secrets;
using RecoveryFunctions.DevServices.Cache;

namespace RecoveryFunctions.TestSupport;

/// <summary>
/// The app's real service graph with its throttle counters in a cache: Garnet in this process (the local host's own cache),
/// <c>Throttling:Store</c> Redis, the rest on Azurite as in <see cref="ServiceGraphFixture"/>.
/// </summary>
public sealed class CacheServiceGraph : ServiceGraphFixture
{
    private LocalCache _cache = null!;

    protected override IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>
    {
        ["Throttling:Store"] = "Redis",
        [$"Secrets:Values:{SecretNames.ThrottleCacheConnection}"] = _cache.ConnectionString,
    };

    public override async Task InitializeAsync()
    {
        _cache = await LocalCache.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _cache.Dispose();
    }
}
