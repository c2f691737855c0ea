using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Assistance;
using RecoveryFunctions.Core.Assistance;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>DELETE /api/assistance/accounts/{subscriberNumber}/passkeys: revokes every passkey of the account, audited and emailed like an unlock.</summary>
public sealed class AssistanceRevokePasskeysFunction(AgentAuthenticator authenticator, AssistanceService assistance)
{
    [Caller(CallerKind.Agent)]
    [ApiResponse(StatusCodes.Status204NoContent)]
    [Step(typeof(AssistanceService), nameof(AssistanceService.RevokePasskeysAsync))]
    [Function(nameof(AssistanceRevokePasskeysFunction))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "assistance/accounts/{subscriberNumber}/passkeys")] HttpRequest request,
        string subscriberNumber,
        CancellationToken cancellationToken)
        => AssistanceEndpoint.HandleAsync(request, authenticator, async agent =>
        {
            await assistance.RevokePasskeysAsync(agent, SubscriberNumberRoute.Parse(subscriberNumber), cancellationToken);
            return ApiResults.NoContent();
        }, cancellationToken);
}
