using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>POST /api/password-recovery/extend: one more flow lifetime, up to Recovery:RecoveryFlowMaxLifetime (RGAA 13.1).</summary>
public sealed class ExtendPasswordRecoveryFunction(RecoveryFlows flows)
{
    [RequestBody(typeof(RecoveryFlowBody))]
    [ApiResponse(StatusCodes.Status200OK, typeof(ExpiryResponse))]
    [Step(typeof(RecoveryFlows), nameof(RecoveryFlows.ExtendAsync))]
    [Function(nameof(ExtendPasswordRecoveryFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "password-recovery/extend")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async () =>
        {
            var body = await JsonBody.ReadAsync<RecoveryFlowBody>(request, cancellationToken);
            return ApiResults.Ok(new ExpiryResponse(await flows.ExtendAsync(body.FlowId, cancellationToken)));
        });
}

/// <summary>A flow id alone: the flow whose time limit the person extends, or whose passkey ceremony opens.</summary>
public sealed record RecoveryFlowBody(string FlowId);
