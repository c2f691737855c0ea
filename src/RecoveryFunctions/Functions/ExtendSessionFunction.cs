using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.Sessions;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>POST /api/sessions/current/extend: one more session lifetime, up to Recovery:SessionMaxLifetime from sign-in.</summary>
public sealed class ExtendSessionFunction(SessionService sessions)
{
    [Caller(CallerKind.Session)]
    [ApiResponse(StatusCodes.Status200OK, typeof(ExpiryResponse))]
    [Step(typeof(SessionService), nameof(SessionService.ExtendAsync))]
    [Function(nameof(ExtendSessionFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sessions/current/extend")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async ()
            => ApiResults.Ok(new ExpiryResponse(await sessions.ExtendAsync(BearerToken.Of(request), cancellationToken))));
}
