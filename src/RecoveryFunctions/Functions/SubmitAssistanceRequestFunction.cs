using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.Assistance.Requests;
using RecoveryFunctions.Core.Captcha;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>
/// POST /api/assistance-requests: the online contact form; always the same 202 with a fresh reference, whatever matched,
/// whatever the message holds (a password or answer in it is masked, not refused) and however often the account was named.
/// </summary>
public sealed class SubmitAssistanceRequestFunction(AssistanceRequestService requests)
{
    [RequestBody(typeof(AssistanceRequestBody))]
    [ApiResponse(StatusCodes.Status202Accepted, typeof(AssistanceRequestAccepted))]
    [Step(typeof(AssistanceRequestService), nameof(AssistanceRequestService.SubmitAsync))]
    [Function(nameof(SubmitAssistanceRequestFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "assistance-requests")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async () =>
        {
            var body = await JsonBody.ReadAsync<AssistanceRequestBody>(request, cancellationToken);
            var language = RequestLanguage.Of(request);
            var input = new AssistanceRequestInput(body.SubscriberNumber, body.Email, body.ContactEmail, body.ContactPhone, body.Topic, body.Message, body.Language ?? language);
            var reference = await requests.SubmitAsync(input, body.Captcha, ClientAddress.Of(request), cancellationToken);
            var message = language == RequestLanguage.English
                ? "Your request was received. If it concerns an account, its holder is told at the address registered; an agent will contact you."
                : "Votre demande a été reçue. Si elle concerne un espace, son titulaire en est informé à l’adresse enregistrée\u202F; un agent vous contactera.";
            return ApiResults.Accepted(new AssistanceRequestAccepted(reference, message));
        });
}

/// <summary>The online contact form (contract §2.7): at least one identifier and one way to be reached.</summary>
public sealed record AssistanceRequestBody(
    string Topic,
    string Message,
    string CaptchaId,
    string? CaptchaText = null,
    string? CaptchaProof = null,
    string? SubscriberNumber = null,
    string? Email = null,
    string? ContactEmail = null,
    string? ContactPhone = null,
    string? Language = null)
{
    public CaptchaAnswer Captcha => new(CaptchaId, CaptchaText, CaptchaProof);
}

/// <summary>The same acknowledgement whatever matched: the reference to quote, and a generic text.</summary>
public sealed record AssistanceRequestAccepted(string Reference, string Message);
