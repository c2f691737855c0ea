using System.ComponentModel.DataAnnotations;
using RecoveryFunctions.Core.Options;

namespace RecoveryFunctions.Infrastructure.Cache;

/// <summary>Where the throttle counters live (docs/decisions/0008-throttles-in-a-cache.md).</summary>
public enum ThrottleStoreKind
{
    /// <summary>The Throttles table: a deployment without a cache (two storage operations per counted request).</summary>
    Table,

    /// <summary>A Redis-protocol cache (Azure Managed Redis; Garnet locally): one script evaluation per call, no storage operation.</summary>
    Redis,
}

/// <summary>
/// The throttle store's own settings, beside the limits of the same section (<see cref="ThrottleOptions"/>). The cache's
/// connection is a secret (<c>throttle-cache-connection</c>: a StackExchange.Redis configuration string with its access key),
/// read from the secret source like the other secrets.
/// </summary>
public sealed class ThrottleStoreOptions
{
    public const string SectionName = "Throttling";

    /// <summary><c>Redis</c> wherever a cache is deployed (the local host, infra/); <c>Table</c> otherwise.</summary>
    public ThrottleStoreKind Store { get; set; } = ThrottleStoreKind.Table;

    /// <summary>How long one script evaluation may take, connecting included, before the step answers 503 (fails closed).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30")] public TimeSpan CacheTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

public sealed class ThrottleStoreOptionsValidator() : OptionsValidator<ThrottleStoreOptions>(ThrottleStoreOptions.SectionName)
{
    protected override void Check(ThrottleStoreOptions options, List<string> failures)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(failures);
        if (!Enum.IsDefined(options.Store))
        {
            failures.Add($"{Key(nameof(options.Store))}: '{options.Store}' is neither Table nor Redis.");
        }
    }
}
