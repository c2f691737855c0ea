using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.Captcha;
using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>POST /api/password-recovery: always 202 with a flow id, whether or not the address has an account.</summary>
public sealed class StartPasswordRecoveryFunction(RecoveryIdentification identification, CaptchaService captchas)
{
    [RequestBody(typeof(RecoveryIdentifyBody))]
    [ApiResponse(StatusCodes.Status202Accepted, typeof(OpenFlowResponse))]
    [Step(typeof(CaptchaService), nameof(CaptchaService.RequireSolvedAsync))]
    [Step(typeof(RecoveryIdentification), nameof(RecoveryIdentification.IdentifyAsync))]
    [Function(nameof(StartPasswordRecoveryFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "password-recovery")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async () =>
        {
            var body = await JsonBody.ReadAsync<RecoveryIdentifyBody>(request, cancellationToken);
            var client = ClientAddress.Of(request);
            // The solved captcha is given back with the request's count (one query, one batch): identify does both.
            await captchas.RequireSolvedAsync(CaptchaPurpose.PasswordRecovery, body.Captcha, cancellationToken);
            var flow = await identification.IdentifyAsync(body.Email, client, captchaSolved: true, cancellationToken);
            return ApiResults.Accepted(new OpenFlowResponse(flow.FlowId, flow.ExpiresAt));
        });
}

public sealed record RecoveryIdentifyBody(string Email, string CaptchaId, string? CaptchaText = null, string? CaptchaProof = null)
{
    public CaptchaAnswer Captcha => new(CaptchaId, CaptchaText, CaptchaProof);
}

/// <summary>The flow id the page carries to the next step, and its time limit: the same shape whether or not an account matched.</summary>
public sealed record OpenFlowResponse(string FlowId, DateTimeOffset ExpiresAt);
