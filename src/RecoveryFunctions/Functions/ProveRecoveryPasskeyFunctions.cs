using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>
/// POST /api/password-recovery/factor/passkey/options (ASVS profile): a passkey ceremony for the account of a flow at the
/// factor stage, whose keys are the allow list; throttled per client like a passkey sign-in.
/// </summary>
public sealed class RecoveryPasskeyOptionsFunction(RecoveryFactorCheck factors)
{
    [RequestBody(typeof(RecoveryFlowBody))]
    [ApiResponse(StatusCodes.Status200OK, typeof(PasskeyCeremonyResponse))]
    [Step(typeof(RecoveryFactorCheck), nameof(RecoveryFactorCheck.BeginPasskeyAsync))]
    [Function(nameof(RecoveryPasskeyOptionsFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "password-recovery/factor/passkey/options")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async () =>
        {
            var body = await JsonBody.ReadAsync<RecoveryFlowBody>(request, cancellationToken);
            var challenge = await factors.BeginPasskeyAsync(body.FlowId, ClientAddress.Of(request), cancellationToken);
            return ApiResults.Ok(new PasskeyCeremonyResponse(challenge.CeremonyId, JsonNode.Parse(challenge.OptionsJson)!.AsObject()));
        });
}

/// <summary>POST /api/password-recovery/factor/passkey (ASVS profile): the flow's account answered with one of its passkeys; 200 with <c>next: "password"</c>.</summary>
public sealed class ProveRecoveryPasskeyFunction(RecoveryFactorCheck factors)
{
    [RequestBody(typeof(RecoveryPasskeyBody))]
    [ApiResponse(StatusCodes.Status200OK, typeof(NextStepResponse))]
    [Step(typeof(RecoveryFactorCheck), nameof(RecoveryFactorCheck.ProvePasskeyAsync))]
    [Function(nameof(ProveRecoveryPasskeyFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "password-recovery/factor/passkey")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async () =>
        {
            var body = await JsonBody.ReadAsync<RecoveryPasskeyBody>(request, cancellationToken);
            var flow = await factors.ProvePasskeyAsync(body.FlowId, body.CeremonyId, body.Credential.ToJsonString(), cancellationToken);
            return ApiResults.Ok(new NextStepResponse("password", flow.ExpiresAt));
        });
}

/// <summary>The flow id at the factor stage, the ceremony it opened and the browser's AuthenticationResponseJSON.</summary>
public sealed record RecoveryPasskeyBody(string FlowId, string CeremonyId, JsonObject Credential);
