using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.AccountSpace;
using RecoveryFunctions.Core.Sessions;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>PUT /api/account/phone: sets (E.164) or, with <c>phone: null</c>, removes the phone.</summary>
public sealed class ChangePhoneFunction(SessionService sessions, AccountSpaceService accountSpace)
{
    [RequestBody(typeof(ChangePhoneBody))]
    [Caller(CallerKind.Session)]
    [ApiResponse(StatusCodes.Status204NoContent)]
    [Step(typeof(AccountSpaceService), nameof(AccountSpaceService.ChangePhoneAsync))]
    [Function(nameof(ChangePhoneFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "account/phone")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleSignedInAsync<ChangePhoneBody>(request, sessions, async (account, body) =>
        {
            await accountSpace.ChangePhoneAsync(account, body.CurrentPassword, body.Phone, cancellationToken);
            return ApiResults.NoContent();
        }, cancellationToken);
}

/// <summary><see cref="Phone"/> must be sent; <c>null</c> removes the phone (an absent field is a mistake, not a removal).</summary>
public sealed record ChangePhoneBody(string CurrentPassword, string? Phone);
