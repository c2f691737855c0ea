using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>POST /api/password-recovery/password: the new password twice; answers the registration summary.</summary>
public sealed class ResetPasswordRecoveryFunction(PasswordReset reset)
{
    [RequestBody(typeof(RecoveryPasswordBody))]
    [ApiResponse(StatusCodes.Status200OK, typeof(AccountSummaryResponse))]
    [Step(typeof(PasswordReset), nameof(PasswordReset.ResetAsync))]
    [Function(nameof(ResetPasswordRecoveryFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "password-recovery/password")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async () =>
        {
            var body = await JsonBody.ReadAsync<RecoveryPasswordBody>(request, cancellationToken);
            return ApiResults.Ok(AccountSummaryResponse.From(await reset.ResetAsync(body.FlowId, body.NewPassword, body.NewPasswordConfirmation, RequestLanguage.Of(request), body.NewEmail, cancellationToken)));
        });
}

/// <param name="NewEmail">Only after a FranceConnect recovery (« Changer aussi mon adresse électronique »): a new login address, confirmed by a link sent to it, the old address told; any other flow answers <c>flow-step-invalid</c>.</param>
public sealed record RecoveryPasswordBody(string FlowId, string NewPassword, string NewPasswordConfirmation, string? NewEmail = null);
