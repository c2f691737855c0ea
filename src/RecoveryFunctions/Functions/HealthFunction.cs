using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Http;
using RecoveryFunctions.Infrastructure.Health;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>
/// GET /api/health: storage, Key Vault and the throttle cache (when configured) and the outbox as they were at most
/// <see cref="SystemHealth.CacheDuration"/> ago; 503 when a dependency the app cannot work without is down.
/// A full poison queue is reported (and alerted on) but does not fail the probe: the app still serves.
/// </summary>
public sealed class HealthFunction(SystemHealth health)
{
    [ApiResponse(StatusCodes.Status200OK, typeof(HealthResponse))]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, typeof(HealthResponse))]
    [Function(nameof(HealthFunction))]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request, CancellationToken cancellationToken)
    {
        var report = await health.CheckAsync().WaitAsync(cancellationToken);
        var body = new HealthResponse(
            report.Healthy ? "ok" : "degraded",
            report.Storage,
            report.KeyVault,
            report.Cache,
            new HealthOutbox(report.OutboxDepth, report.PoisonCount, report.OldestAge is { } age ? (long)age.TotalSeconds : null),
            report.CheckedAt);
        return report.Healthy ? ApiResults.Ok(body) : new ApiResult(StatusCodes.Status503ServiceUnavailable, body);
    }
}

/// <param name="Status"><c>ok</c> or <c>degraded</c> (503).</param>
/// <param name="Storage"><c>ok</c> or <c>unavailable</c>.</param>
/// <param name="KeyVault"><c>ok</c>, <c>unavailable</c> or <c>not-configured</c>.</param>
/// <param name="Cache">The throttle cache: <c>ok</c>, <c>unavailable</c> (503: every throttled step fails closed) or <c>not-configured</c> (throttles in Table storage).</param>
/// <param name="CheckedAt">When the dependencies were read (readings are shared for a few seconds).</param>
public sealed record HealthResponse(string Status, string Storage, string KeyVault, string Cache, HealthOutbox Outbox, DateTimeOffset CheckedAt);

/// <summary>Approximate message counts (null when the queue did not answer) and the age of the oldest visible message.</summary>
public sealed record HealthOutbox(long? Depth, long? Poison, long? OldestAgeSeconds);
