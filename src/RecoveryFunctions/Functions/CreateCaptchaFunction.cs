using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.Captcha;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Functions.Contracts;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>
/// POST /api/captchas <c>{purpose}</c>: a PNG challenge as a data URI, bound to the step it is for (the route the
/// answer will be posted to); the answer never leaves the server in clear.
/// </summary>
public sealed class CreateCaptchaFunction(CaptchaService captchas)
{
    /// <summary>Wire name of each step: the route it guards.</summary>
    public static readonly IReadOnlyDictionary<string, CaptchaPurpose> Purposes = new Dictionary<string, CaptchaPurpose>(StringComparer.Ordinal)
    {
        ["registration"] = CaptchaPurpose.Registration,
        ["password-recovery"] = CaptchaPurpose.PasswordRecovery,
        ["username-recovery"] = CaptchaPurpose.UsernameRecovery,
    };

    [RequestBody(typeof(CreateCaptchaBody))]
    [Function(nameof(CreateCaptchaFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "captchas")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async () =>
        {
            var body = await JsonBody.ReadAsync<CreateCaptchaBody>(request, cancellationToken);
            if (!Purposes.TryGetValue(body.Purpose, out var purpose))
            {
                throw DomainException.Validation("purpose", ErrorCodes.CaptchaPurposeUnknown);
            }

            var challenge = await captchas.CreateAsync(purpose, ClientAddress.Of(request), cancellationToken);
            return ApiResults.Created(new CaptchaResponse(challenge.CaptchaId, "data:image/png;base64," + Convert.ToBase64String(challenge.Png), challenge.ExpiresAt, body.Purpose));
        });
}

public sealed record CreateCaptchaBody(string Purpose);
