using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.Captcha;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>
/// What a challenge offers besides its 1× image, fetched only when asked for. The id in the path is not a secret: it
/// is the sealed challenge, which the client cannot read, not the answer; both are refused once it is used or expired.
/// </summary>
public sealed class CaptchaMediaFunctions(CaptchaService captchas)
{
    /// <summary>
    /// GET /api/captchas/{captchaId}/audio: the image's characters read aloud (WAV, French or English by
    /// Accept-Language), the same challenge and the same single answer; refused too once played too often.
    /// </summary>
    [ApiResponse(StatusCodes.Status200OK, MediaType = "audio/wav")]
    [Step(typeof(CaptchaService), nameof(CaptchaService.AudioAsync))]
    [Function("CaptchaAudioFunction")]
    public Task<IResult> AudioAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "captchas/{captchaId}/audio")] HttpRequest request,
        string captchaId,
        CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async () =>
            ApiResults.File(await captchas.AudioAsync(captchaId, RequestLanguage.Of(request), cancellationToken), "audio/wav"));

    /// <summary>
    /// GET /api/captchas/{captchaId}/image2x: the same drawing at 2× (PNG), for the screens whose <c>srcset</c> asks
    /// for it (high density, zoom). Reading it does not spend the challenge.
    /// </summary>
    [ApiResponse(StatusCodes.Status200OK, MediaType = "image/png")]
    [Step(typeof(CaptchaService), nameof(CaptchaService.Image2xAsync))]
    [Function("CaptchaImageFunction")]
    public Task<IResult> Image2xAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "captchas/{captchaId}/image2x")] HttpRequest request,
        string captchaId,
        CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async () =>
            ApiResults.File(await captchas.Image2xAsync(captchaId, cancellationToken), "image/png"));
}
