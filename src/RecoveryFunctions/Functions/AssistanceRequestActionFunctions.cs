using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Assistance;
using RecoveryFunctions.Core.Assistance.Requests;
using RecoveryFunctions.Core.Captcha;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>POST /api/assistance/requests/{reference}/assign and /close: an agent takes a request, then closes it with an outcome.</summary>
public sealed class AssistanceRequestActionFunctions(AgentAuthenticator authenticator, AssistanceRequestService requests)
{
    [Caller(CallerKind.Agent)]
    [ApiResponse(StatusCodes.Status204NoContent)]
    [Step(typeof(AssistanceRequestService), nameof(AssistanceRequestService.AssignAsync))]
    [Function("AssignAssistanceRequestFunction")]
    public Task<IResult> AssignAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "assistance/requests/{reference}/assign")] HttpRequest request,
        string reference,
        CancellationToken cancellationToken)
        => AssistanceEndpoint.HandleAsync(request, authenticator, async agent =>
        {
            await requests.AssignAsync(agent, reference, cancellationToken);
            return ApiResults.NoContent();
        }, cancellationToken);

    [Caller(CallerKind.Agent)]
    [RequestBody(typeof(CloseAssistanceRequestBody))]
    [ApiResponse(StatusCodes.Status204NoContent)]
    [Step(typeof(AssistanceRequestService), nameof(AssistanceRequestService.CloseAsync))]
    [Function("CloseAssistanceRequestFunction")]
    public Task<IResult> CloseAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "assistance/requests/{reference}/close")] HttpRequest request,
        string reference,
        CancellationToken cancellationToken)
        => AssistanceEndpoint.HandleAsync(request, authenticator, async agent =>
        {
            var body = await JsonBody.ReadAsync<CloseAssistanceRequestBody>(request, cancellationToken);
            await requests.CloseAsync(agent, reference, body.Outcome, cancellationToken);
            return ApiResults.NoContent();
        }, cancellationToken);
}

/// <summary>How an agent closed a request (one of the fixed outcomes).</summary>
public sealed record CloseAssistanceRequestBody(string Outcome);
