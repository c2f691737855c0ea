using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.Captcha;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>
/// GET /api/captchas/{captchaId}/audio: the image's characters read aloud (WAV, French or English by
/// Accept-Language), the same challenge and the same single answer. The id in the path is not a secret: it is
/// not the answer, and the audio is refused once the challenge is used, expired or played too often.
/// </summary>
public sealed class CaptchaAudioFunction(CaptchaService captchas)
{
    [ApiResponse(StatusCodes.Status200OK, MediaType = "audio/wav")]
    [Step(typeof(CaptchaService), nameof(CaptchaService.AudioAsync))]
    [Function(nameof(CaptchaAudioFunction))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "captchas/{captchaId}/audio")] HttpRequest request,
        string captchaId,
        CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async () =>
            ApiResults.File(await captchas.AudioAsync(captchaId, RequestLanguage.Of(request), cancellationToken), "audio/wav"));
}
