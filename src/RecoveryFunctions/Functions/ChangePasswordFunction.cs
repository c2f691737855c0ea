using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.AccountSpace;
using RecoveryFunctions.Core.Sessions;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>PUT /api/account/password: 204, and every session of the account (this one included) is closed.</summary>
public sealed class ChangePasswordFunction(SessionService sessions, AccountSpaceService accountSpace)
{
    [RequestBody(typeof(ChangePasswordBody))]
    [Caller(CallerKind.Session)]
    [ApiResponse(StatusCodes.Status204NoContent)]
    [Step(typeof(AccountSpaceService), nameof(AccountSpaceService.ChangePasswordAsync))]
    [Function(nameof(ChangePasswordFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "account/password")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleSignedInAsync<ChangePasswordBody>(request, sessions, async (account, body) =>
        {
            await accountSpace.ChangePasswordAsync(account, body.CurrentPassword, body.NewPassword, cancellationToken);
            return ApiResults.NoContent();
        }, cancellationToken);
}

public sealed record ChangePasswordBody(string CurrentPassword, string NewPassword);
