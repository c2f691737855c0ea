using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Assistance;
using RecoveryFunctions.Core.Assistance;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>
/// GET /api/assistance/accounts?subscriberNumber=: the agent view of one account. The subscriber number is the
/// documented route key; an email address is personal data and is searched with POST .../accounts/search, so
/// <c>?email=</c> is refused with <c>email-in-url</c> (the address would already sit in request logs).
/// </summary>
public sealed class AssistanceLookUpFunction(AgentAuthenticator authenticator, AssistanceService assistance)
{
    [Caller(CallerKind.Agent)]
    [ApiResponse(StatusCodes.Status200OK, typeof(AgentAccountResponse))]
    [Step(typeof(AssistanceService), nameof(AssistanceService.LookUpAsync))]
    [HttpRefuses(nameof(HttpProblemCodes.EmailInUrl), nameof(ProblemCode.ValidationFailed), nameof(ProblemCode.SubscriberNumberInvalid))]
    [Function(nameof(AssistanceLookUpFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assistance/accounts")] HttpRequest request, CancellationToken cancellationToken)
        => AssistanceEndpoint.HandleAsync(request, authenticator, async agent =>
        {
            if (request.Query.ContainsKey("email"))
            {
                throw new DomainException(HttpProblemCodes.EmailInUrl);
            }

            var values = request.Query["subscriberNumber"];
            if (values.Count != 1 || string.IsNullOrWhiteSpace(values[0]))
            {
                throw DomainException.Validation("subscriberNumber", values.Count == 0 ? FieldCodes.FieldRequired : FieldCodes.FieldInvalidType);
            }

            var view = await assistance.LookUpAsync(agent, SubscriberNumberRoute.Parse(values[0]), RequestLanguage.Of(request), cancellationToken);
            return ApiResults.Ok(AgentAccountResponse.From(view));
        }, cancellationToken);
}
