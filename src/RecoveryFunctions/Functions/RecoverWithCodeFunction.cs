using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.Captcha;
using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>
/// POST /api/password-recovery/recovery-code: "J'ai un code de secours". Email, captcha and a saved recovery code
/// instead of the mailbox proof and the question: 200 with a flow id at the password stage, then
/// <c>/password-recovery/password</c> as usual. One refusal for every address, known or not.
/// </summary>
public sealed class RecoverWithCodeFunction(RecoveryCodeCheck check, CaptchaService captchas)
{
    [RequestBody(typeof(RecoveryCodeBody))]
    [ApiResponse(StatusCodes.Status200OK, typeof(RecoveryCodeFlowResponse))]
    [Step(typeof(CaptchaService), nameof(CaptchaService.RequireAsync))]
    [Step(typeof(RecoveryCodeCheck), nameof(RecoveryCodeCheck.RecoverAsync))]
    [Function(nameof(RecoverWithCodeFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "password-recovery/recovery-code")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async () =>
        {
            var body = await JsonBody.ReadAsync<RecoveryCodeBody>(request, cancellationToken);
            var client = ClientAddress.Of(request);
            await captchas.RequireAsync(CaptchaPurpose.PasswordRecovery, body.Captcha, client, cancellationToken);
            var flow = await check.RecoverAsync(body.Email, body.RecoveryCode, client, cancellationToken);
            return ApiResults.Ok(new RecoveryCodeFlowResponse(flow.FlowId, "password", flow.ExpiresAt));
        });
}

public sealed record RecoveryCodeBody(string Email, string RecoveryCode, string CaptchaId, string? CaptchaText = null, string? CaptchaProof = null)
{
    public CaptchaAnswer Captcha => new(CaptchaId, CaptchaText, CaptchaProof);
}

/// <summary>The flow id at the password stage, what comes next, and its time limit.</summary>
public sealed record RecoveryCodeFlowResponse(string FlowId, string Next, DateTimeOffset ExpiresAt);
