using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Sessions;
using RecoveryFunctions.Core.Summary;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>GET /api/account: the signed-in holder's registration summary.</summary>
public sealed class GetAccountFunction(SessionService sessions, IOptions<RecoveryOptions> options)
{
    [Caller(CallerKind.Session)]
    [ApiResponse(StatusCodes.Status200OK, typeof(AccountSummaryResponse))]
    [Function(nameof(GetAccountFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "account")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async () =>
        {
            var account = await sessions.AuthenticateAsync(BearerToken.Of(request), cancellationToken);
            return ApiResults.Ok(AccountSummaryResponse.From(AccountSummaryFactory.Create(account, RequestLanguage.Of(request), options.Value.Profile)));
        });
}
