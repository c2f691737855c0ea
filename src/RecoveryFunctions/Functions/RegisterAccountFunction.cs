using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.Captcha;
using RecoveryFunctions.Core.Registration;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>POST /api/accounts: always 202 with the same body, whether or not the address had an account.</summary>
public sealed class RegisterAccountFunction(RegistrationService registration, CaptchaService captchas)
{
    [RequestBody(typeof(RegisterAccountBody))]
    [ApiResponse(StatusCodes.Status202Accepted, typeof(MessageResponse))]
    [Step(typeof(RegistrationService), nameof(RegistrationService.Validate))]
    [Step(typeof(CaptchaService), nameof(CaptchaService.RequireAsync))]
    [Step(typeof(RegistrationService), nameof(RegistrationService.RegisterAsync))]
    [Function(nameof(RegisterAccountFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "accounts")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async () =>
        {
            var body = await JsonBody.ReadAsync<RegisterAccountBody>(request, cancellationToken);
            var language = body.Language ?? RequestLanguage.Of(request);
            var registrationRequest = new RegistrationRequest(body.Email, body.Password, body.SecurityQuestionId, body.SecurityAnswer, body.Phone, language, body.FranceConnectTicket);
            registration.Validate(registrationRequest);
            await captchas.RequireAsync(CaptchaPurpose.Registration, body.Captcha, ClientAddress.Of(request), cancellationToken);
            await registration.RegisterAsync(registrationRequest, cancellationToken);
            return ApiResults.Accepted(new MessageResponse(UserMessages.RegistrationAccepted(RequestLanguage.Of(request))));
        });
}

/// <param name="SecurityQuestionId">Required under the seed profile (<c>field-required</c> when missing); not asked under the ASVS profile (GET /api/profile).</param>
/// <param name="SecurityAnswer">Required under the seed profile; not asked under the ASVS profile.</param>
/// <param name="FranceConnectTicket">Registering with FranceConnect: the ticket the page got back from it (single use; <c>franceconnect-failed</c> once spent or expired); the identity is bound when the account is activated.</param>
public sealed record RegisterAccountBody(
    string Email,
    string Password,
    string CaptchaId,
    int? SecurityQuestionId = null,
    string? SecurityAnswer = null,
    string? CaptchaText = null,
    string? Phone = null,
    string? Language = null,
    string? CaptchaProof = null,
    string? FranceConnectTicket = null)
{
    public CaptchaAnswer Captcha => new(CaptchaId, CaptchaText, CaptchaProof);
}
