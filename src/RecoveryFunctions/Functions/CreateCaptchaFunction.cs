using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.Captcha;
using RecoveryFunctions.Functions.Contracts;
using RecoveryFunctions.Http;

namespace RecoveryFunctions.Functions;

/// <summary>POST /api/captchas: a PNG challenge as a data URI; the answer never leaves the server in clear.</summary>
public sealed class CreateCaptchaFunction(CaptchaService captchas)
{
    [Function(nameof(CreateCaptchaFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "captchas")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async () =>
        {
            var challenge = await captchas.CreateAsync(ClientAddress.Of(request), cancellationToken);
            return ApiResults.Created(new CaptchaResponse(challenge.CaptchaId, "data:image/png;base64," + Convert.ToBase64String(challenge.Png), challenge.ExpiresAt));
        });
}
