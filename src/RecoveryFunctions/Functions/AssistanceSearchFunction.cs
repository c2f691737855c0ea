using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Assistance;
using RecoveryFunctions.Core.Assistance;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>
/// POST /api/assistance/accounts/search <c>{email}</c>: the agent view of the account with this login address.
/// A POST so the address travels in the body, never in a URL that request logs and proxies keep.
/// </summary>
public sealed class AssistanceSearchFunction(AgentAuthenticator authenticator, AssistanceService assistance)
{
    [Caller(CallerKind.Agent)]
    [RequestBody(typeof(AssistanceSearchBody))]
    [ApiResponse(StatusCodes.Status200OK, typeof(AgentAccountResponse))]
    [Step(typeof(AssistanceService), nameof(AssistanceService.LookUpByEmailAsync))]
    [Function(nameof(AssistanceSearchFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "assistance/accounts/search")] HttpRequest request, CancellationToken cancellationToken)
        => AssistanceEndpoint.HandleAsync(request, authenticator, async agent =>
        {
            var body = await JsonBody.ReadAsync<AssistanceSearchBody>(request, cancellationToken);
            return ApiResults.Ok(AgentAccountResponse.From(await assistance.LookUpByEmailAsync(agent, body.Email, RequestLanguage.Of(request), cancellationToken)));
        }, cancellationToken);
}

public sealed record AssistanceSearchBody(string Email);
