using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.Captcha;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>
/// POST /api/captchas <c>{purpose}</c>: a challenge from the configured providers (the 1× image as a data URI with
/// its alt text, length, 2× image path and audio path; an ALTCHA proof of work), bound to the step it is for (the route the answer will
/// be posted to); the answer never leaves the server in clear.
/// </summary>
public sealed class CreateCaptchaFunction(CaptchaService captchas)
{
    /// <summary>Wire name of each step: the route it guards.</summary>
    public static readonly IReadOnlyDictionary<string, CaptchaPurpose> Purposes = new Dictionary<string, CaptchaPurpose>(StringComparer.Ordinal)
    {
        ["registration"] = CaptchaPurpose.Registration,
        ["password-recovery"] = CaptchaPurpose.PasswordRecovery,
        ["username-recovery"] = CaptchaPurpose.UsernameRecovery,
        ["assistance-request"] = CaptchaPurpose.AssistanceRequest,
    };

    [RequestBody(typeof(CreateCaptchaBody))]
    [ApiResponse(StatusCodes.Status201Created, typeof(CaptchaResponse))]
    [Step(typeof(CaptchaService), nameof(CaptchaService.CreateAsync))]
    [Function(nameof(CreateCaptchaFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "captchas")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async () =>
        {
            var body = await JsonBody.ReadAsync<CreateCaptchaBody>(request, cancellationToken);
            if (!Purposes.TryGetValue(body.Purpose, out var purpose))
            {
                throw DomainException.Validation("purpose", FieldCodes.CaptchaPurposeUnknown);
            }

            var challenge = await captchas.CreateAsync(purpose, ClientAddress.Of(request), cancellationToken);
            var image = challenge.Image;
            return ApiResults.Created(new CaptchaResponse(
                challenge.CaptchaId,
                image is null ? null : DataUri(image.Png),
                image is { Has2x: true } ? $"{CaptchaPath(challenge.CaptchaId)}/image2x" : null,
                image is null ? null : UserMessages.CaptchaAltText(image.Length, RequestLanguage.Of(request)),
                image?.Length,
                image is null ? null : $"{CaptchaPath(challenge.CaptchaId)}/audio",
                challenge.ProofOfWork is { } pow ? new ProofOfWorkChallenge(pow.Algorithm, pow.Challenge, pow.MaxNumber, pow.Salt, pow.Signature) : null,
                challenge.ExpiresAt,
                body.Purpose));
        });

    private static string CaptchaPath(string captchaId) => $"/api/captchas/{Uri.EscapeDataString(captchaId)}";

    private static string DataUri(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);
}

public sealed record CreateCaptchaBody(string Purpose);

/// <summary>
/// A challenge: for the <c>Image</c> provider the image (1× as a data URI, the 2× image's path, fetched only by the
/// screens that need it), its alt text, the number of characters and the audio path; for <c>ProofOfWork</c> the ALTCHA challenge for the widget. Fields of a provider
/// not configured are null.
/// </summary>
public sealed record CaptchaResponse(
    string CaptchaId,
    string? Image,
    string? Image2x,
    string? AltText,
    int? Length,
    string? AudioUrl,
    ProofOfWorkChallenge? ProofOfWork,
    DateTimeOffset ExpiresAt,
    string Purpose);

/// <summary>The ALTCHA challenge, in the field names the widget reads.</summary>
public sealed record ProofOfWorkChallenge(string Algorithm, string Challenge, int MaxNumber, string Salt, string Signature);
