using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.RecoveryCodes;
using RecoveryFunctions.Core.Sessions;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>
/// POST /api/account/recovery-codes: the current password again, then 201 with 10 new saved recovery codes shown this
/// once; the earlier set stops working in the same write.
/// </summary>
public sealed class GenerateRecoveryCodesFunction(SessionService sessions, RecoveryCodeIssuer issuer)
{
    [RequestBody(typeof(GenerateRecoveryCodesBody))]
    [Caller(CallerKind.Session)]
    [ApiResponse(StatusCodes.Status201Created, typeof(RecoveryCodeSetResponse))]
    [Step(typeof(RecoveryCodeIssuer), nameof(RecoveryCodeIssuer.GenerateAsync))]
    [Function(nameof(GenerateRecoveryCodesFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "account/recovery-codes")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleSignedInAsync<GenerateRecoveryCodesBody>(request, sessions, async (account, body) =>
        {
            var set = await issuer.GenerateAsync(account, body.CurrentPassword, cancellationToken);
            return ApiResults.Created(new RecoveryCodeSetResponse(set.Codes, set.CreatedAt));
        }, cancellationToken);
}

/// <summary>GET /api/account/recovery-codes: how many codes of the current set are left, and when it was made (never a code or a hash).</summary>
public sealed class RecoveryCodesStatusFunction(SessionService sessions)
{
    [Caller(CallerKind.Session)]
    [ApiResponse(StatusCodes.Status200OK, typeof(RecoveryCodesStatusResponse))]
    [Function(nameof(RecoveryCodesStatusFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "account/recovery-codes")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async () =>
        {
            var account = await sessions.AuthenticateAsync(BearerToken.Of(request), cancellationToken);
            return ApiResults.Ok(new RecoveryCodesStatusResponse(account.RecoveryCodes.Count, account.RecoveryCodesCreatedAt));
        });
}

public sealed record GenerateRecoveryCodesBody(string CurrentPassword);

/// <summary>The new codes, formatted in groups as the holder copies them, and when the set was made.</summary>
public sealed record RecoveryCodeSetResponse(IReadOnlyList<string> Codes, DateTimeOffset CreatedAt);

/// <param name="Remaining">Unused codes of the current set (0 when none was ever made).</param>
/// <param name="CreatedAt">When the current set was made; null when none was.</param>
public sealed record RecoveryCodesStatusResponse(int Remaining, DateTimeOffset? CreatedAt);
