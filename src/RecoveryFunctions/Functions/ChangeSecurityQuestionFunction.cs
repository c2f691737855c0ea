using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.AccountSpace;
using RecoveryFunctions.Core.Sessions;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>PUT /api/account/security-question: a new question and answer, with the current password.</summary>
public sealed class ChangeSecurityQuestionFunction(SessionService sessions, AccountSpaceService accountSpace)
{
    [RequestBody(typeof(ChangeSecurityQuestionBody))]
    [Caller(CallerKind.Session)]
    [ApiResponse(StatusCodes.Status204NoContent)]
    [Step(typeof(AccountSpaceService), nameof(AccountSpaceService.ChangeSecurityQuestionAsync))]
    [Function(nameof(ChangeSecurityQuestionFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "account/security-question")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleSignedInAsync<ChangeSecurityQuestionBody>(request, sessions, async (account, body) =>
        {
            await accountSpace.ChangeSecurityQuestionAsync(account, body.CurrentPassword, body.SecurityQuestionId, body.SecurityAnswer, cancellationToken);
            return ApiResults.NoContent();
        }, cancellationToken);
}

public sealed record ChangeSecurityQuestionBody(string CurrentPassword, int SecurityQuestionId, string SecurityAnswer);
