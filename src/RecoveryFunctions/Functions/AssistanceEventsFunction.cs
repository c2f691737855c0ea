using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Assistance;
using RecoveryFunctions.Core.Assistance;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>GET /api/assistance/accounts/{subscriberNumber}/events: the account's audit trail, newest first.</summary>
public sealed class AssistanceEventsFunction(AgentAuthenticator authenticator, AssistanceService assistance)
{
    [Caller(CallerKind.Agent)]
    [ApiResponse(StatusCodes.Status200OK, typeof(IReadOnlyList<AccountEventResponse>))]
    [Step(typeof(AssistanceService), nameof(AssistanceService.ListEventsAsync))]
    [Function(nameof(AssistanceEventsFunction))]
    public Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assistance/accounts/{subscriberNumber}/events")] HttpRequest request,
        string subscriberNumber,
        CancellationToken cancellationToken)
        => AssistanceEndpoint.HandleAsync(request, authenticator, async agent =>
            ApiResults.Ok((await assistance.ListEventsAsync(agent, SubscriberNumberRoute.Parse(subscriberNumber), cancellationToken)).Select(e => new AccountEventResponse(e.At, e.Type, e.Actor, e.Detail)).ToList()), cancellationToken);
}

/// <summary>One audit event as an agent reads it.</summary>
public sealed record AccountEventResponse(DateTimeOffset At, string Type, string Actor, string? Detail);
