using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.Sessions;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>DELETE /api/sessions/current: sign-out.</summary>
public sealed class DeleteSessionFunction(SessionService sessions)
{
    [Caller(CallerKind.Session)]
    [ApiResponse(StatusCodes.Status204NoContent)]
    [Step(typeof(SessionService), nameof(SessionService.SignOutAsync))]
    [Function(nameof(DeleteSessionFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "sessions/current")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async () =>
        {
            await sessions.SignOutAsync(BearerToken.Of(request), cancellationToken);
            return ApiResults.NoContent();
        });
}
