using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>
/// POST /api/password-recovery/factor (ASVS profile): after the mailbox proof, one of the holder's saved recovery codes;
/// 200 with <c>next: "password"</c>. Wrong codes count like wrong answers: 3 in 24 h lock self-service recovery.
/// </summary>
public sealed class ProveRecoveryFactorFunction(RecoveryFactorCheck factors)
{
    [RequestBody(typeof(RecoveryFactorBody))]
    [ApiResponse(StatusCodes.Status200OK, typeof(NextStepResponse))]
    [Step(typeof(RecoveryFactorCheck), nameof(RecoveryFactorCheck.ProveRecoveryCodeAsync))]
    [Function(nameof(ProveRecoveryFactorFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "password-recovery/factor")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async () =>
        {
            var body = await JsonBody.ReadAsync<RecoveryFactorBody>(request, cancellationToken);
            var flow = await factors.ProveRecoveryCodeAsync(body.FlowId, body.RecoveryCode, cancellationToken);
            return ApiResults.Ok(new NextStepResponse("password", flow.ExpiresAt));
        });
}

/// <summary>The flow id at the factor stage and one saved recovery code, as printed (dashes and case do not matter).</summary>
public sealed record RecoveryFactorBody(string FlowId, string RecoveryCode);
