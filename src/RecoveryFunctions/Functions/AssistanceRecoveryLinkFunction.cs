using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Assistance;
using RecoveryFunctions.Core.Assistance;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>POST /api/assistance/accounts/{subscriberNumber}/recovery-link: emails the holder a 12-hour link that skips the question.</summary>
public sealed class AssistanceRecoveryLinkFunction(AgentAuthenticator authenticator, AssistanceService assistance)
{
    [Caller(CallerKind.Agent)]
    [ApiResponse(StatusCodes.Status202Accepted, typeof(MessageResponse))]
    [Step(typeof(AssistanceService), nameof(AssistanceService.SendRecoveryLinkAsync))]
    [Function(nameof(AssistanceRecoveryLinkFunction))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "assistance/accounts/{subscriberNumber}/recovery-link")] HttpRequest request,
        string subscriberNumber,
        CancellationToken cancellationToken)
        => AssistanceEndpoint.HandleAsync(request, authenticator, async agent =>
        {
            await assistance.SendRecoveryLinkAsync(agent, SubscriberNumberRoute.Parse(subscriberNumber), cancellationToken);
            return ApiResults.Accepted(new MessageResponse(UserMessages.HelpdeskLinkSent(RequestLanguage.Of(request))));
        }, cancellationToken);
}
