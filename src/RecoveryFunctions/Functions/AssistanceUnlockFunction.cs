using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Assistance;
using RecoveryFunctions.Core.Assistance;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>POST /api/assistance/accounts/{subscriberNumber}/unlock: clears the recovery and sign-in locks.</summary>
public sealed class AssistanceUnlockFunction(AgentAuthenticator authenticator, AssistanceService assistance)
{
    [Caller(CallerKind.Agent)]
    [ApiResponse(StatusCodes.Status204NoContent)]
    [Step(typeof(AssistanceService), nameof(AssistanceService.UnlockAsync))]
    [Function(nameof(AssistanceUnlockFunction))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "assistance/accounts/{subscriberNumber}/unlock")] HttpRequest request,
        string subscriberNumber,
        CancellationToken cancellationToken)
        => AssistanceEndpoint.HandleAsync(request, authenticator, async agent =>
        {
            await assistance.UnlockAsync(agent, SubscriberNumberRoute.Parse(subscriberNumber), cancellationToken);
            return ApiResults.NoContent();
        }, cancellationToken);
}
