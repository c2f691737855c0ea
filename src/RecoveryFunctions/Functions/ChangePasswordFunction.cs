using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.AccountSpace;
using RecoveryFunctions.Core.Sessions;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>
/// PUT /api/account/password: 204, and every session of the account (this one included) is closed. The current password
/// may be null from a session a passkey opened moments ago: the holder who forgot it signs in with the key and sets a new one.
/// </summary>
public sealed class ChangePasswordFunction(SessionService sessions, AccountSpaceService accountSpace)
{
    [RequestBody(typeof(ChangePasswordBody))]
    [Caller(CallerKind.Session)]
    [ApiResponse(StatusCodes.Status204NoContent)]
    [Step(typeof(AccountSpaceService), nameof(AccountSpaceService.ChangePasswordAsync))]
    [Step(typeof(AccountSpaceService), nameof(AccountSpaceService.ChangePasswordAfterPasskeyAsync))]
    [Function(nameof(ChangePasswordFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "account/password")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleSignedInAsync<ChangePasswordBody>(request, sessions, async (account, body) =>
        {
            if (body.CurrentPassword is null)
            {
                await accountSpace.ChangePasswordAfterPasskeyAsync(account, BearerToken.Of(request), body.NewPassword, cancellationToken);
            }
            else
            {
                await accountSpace.ChangePasswordAsync(account, body.CurrentPassword, body.NewPassword, cancellationToken);
            }

            return ApiResults.NoContent();
        }, cancellationToken);
}

/// <param name="CurrentPassword">Null only from a session a passkey opened within <c>Passkeys:PasswordChangeWindow</c> (docs/security/passkeys.md).</param>
public sealed record ChangePasswordBody(string? CurrentPassword, string NewPassword);
