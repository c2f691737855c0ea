using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Functions.Contracts;
using RecoveryFunctions.Http;
using RecoveryFunctions.Infrastructure.Health;

namespace RecoveryFunctions.Functions;

/// <summary>
/// GET /api/health: storage, Key Vault (when configured) and the outbox as they were at most
/// <see cref="SystemHealth.CacheDuration"/> ago; 503 when a dependency the app cannot work without is down.
/// A full poison queue is reported (and alerted on) but does not fail the probe: the app still serves.
/// </summary>
public sealed class HealthFunction(SystemHealth health)
{
    [Function(nameof(HealthFunction))]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request, CancellationToken cancellationToken)
    {
        var report = await health.CheckAsync().WaitAsync(cancellationToken);
        var body = new HealthResponse(
            report.Healthy ? "ok" : "degraded",
            report.Storage,
            report.KeyVault,
            new HealthOutbox(report.OutboxDepth, report.PoisonCount, report.OldestAge is { } age ? (long)age.TotalSeconds : null),
            report.CheckedAt);
        return report.Healthy ? ApiResults.Ok(body) : new ApiResult(StatusCodes.Status503ServiceUnavailable, body);
    }
}
