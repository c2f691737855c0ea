using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.Captcha;
using RecoveryFunctions.Core.Username;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>POST /api/username-recovery: always the same 202; the login email goes only to the registered address.</summary>
public sealed class RecoverUsernameFunction(UsernameRecoveryService usernames)
{
    [RequestBody(typeof(UsernameRecoveryBody))]
    [ApiResponse(StatusCodes.Status202Accepted, typeof(MessageResponse))]
    [Step(typeof(UsernameRecoveryService), nameof(UsernameRecoveryService.RecoverAsync))]
    [Function(nameof(RecoverUsernameFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "username-recovery")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async () =>
        {
            var body = await JsonBody.ReadAsync<UsernameRecoveryBody>(request, cancellationToken);
            var language = RequestLanguage.Of(request);
            await usernames.RecoverAsync(body.SubscriberNumber, body.Captcha, ClientAddress.Of(request), language, cancellationToken);
            return ApiResults.Accepted(new MessageResponse(UserMessages.UsernameRecoveryAccepted(language)));
        });
}

public sealed record UsernameRecoveryBody(string SubscriberNumber, string CaptchaId, string? CaptchaText = null, string? CaptchaProof = null)
{
    public CaptchaAnswer Captcha => new(CaptchaId, CaptchaText, CaptchaProof);
}
