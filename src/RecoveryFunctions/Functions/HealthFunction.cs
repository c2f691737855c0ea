using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Functions.Contracts;
using RecoveryFunctions.Http;
using RecoveryFunctions.Infrastructure.Storage;

namespace RecoveryFunctions.Functions;

/// <summary>GET /api/health: the app answers and its storage is reachable.</summary>
public sealed class HealthFunction(StorageProbe probe)
{
    [Function(nameof(HealthFunction))]
    public async Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request, CancellationToken cancellationToken)
    {
        var storageUp = await probe.IsReachableAsync(cancellationToken);
        var body = new HealthResponse(storageUp ? "ok" : "degraded", storageUp ? "ok" : "unavailable");
        return storageUp ? ApiResults.Ok(body) : new ApiResult(StatusCodes.Status503ServiceUnavailable, body);
    }
}
