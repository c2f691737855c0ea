using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Assistance;
using RecoveryFunctions.Core.Assistance;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>GET /api/assistance/accounts?subscriberNumber= or ?email=: the agent view of one account.</summary>
public sealed class AssistanceLookUpFunction(AgentAuthenticator authenticator, AssistanceService assistance)
{
    [Caller(CallerKind.Agent)]
    [Function(nameof(AssistanceLookUpFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assistance/accounts")] HttpRequest request, CancellationToken cancellationToken)
        => AssistanceEndpoint.HandleAsync(request, authenticator, async agent =>
        {
            var number = Single(request, "subscriberNumber");
            var email = Single(request, "email");
            if ((number is null) == (email is null))
            {
                throw DomainException.Validation("$", ErrorCodes.FieldRequired);
            }

            var view = await assistance.LookUpAsync(agent, number is null ? null : SubscriberNumberRoute.Parse(number), email, RequestLanguage.Of(request), cancellationToken);
            return ApiResults.Ok(view);
        }, cancellationToken);

    private static string? Single(HttpRequest request, string name)
    {
        var values = request.Query[name];
        return values.Count switch
        {
            0 => null,
            1 when !string.IsNullOrWhiteSpace(values[0]) => values[0],
            _ => throw DomainException.Validation(name, ErrorCodes.FieldInvalidType),
        };
    }
}
