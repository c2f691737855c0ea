using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.AccountSpace;
using RecoveryFunctions.Core.Sessions;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>PUT /api/account/email: 202 with the same words whether or not the new address is free.</summary>
public sealed class RequestEmailChangeFunction(SessionService sessions, EmailChangeService emailChange)
{
    [RequestBody(typeof(ChangeEmailBody))]
    [Caller(CallerKind.Session)]
    [ApiResponse(StatusCodes.Status202Accepted, typeof(MessageResponse))]
    [Step(typeof(EmailChangeService), nameof(EmailChangeService.RequestAsync))]
    [Function(nameof(RequestEmailChangeFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "account/email")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleSignedInAsync<ChangeEmailBody>(request, sessions, async (account, body) =>
        {
            await emailChange.RequestAsync(account, body.CurrentPassword, body.NewEmail, cancellationToken);
            return ApiResults.Accepted(new MessageResponse(UserMessages.EmailChangeAccepted(RequestLanguage.Of(request))));
        }, cancellationToken);
}

public sealed record ChangeEmailBody(string CurrentPassword, string NewEmail);
