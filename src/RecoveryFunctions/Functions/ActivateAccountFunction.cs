using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.Registration;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>POST /api/accounts/activate: the emailed token, posted by the front end (a GET on the link changes nothing).</summary>
public sealed class ActivateAccountFunction(ActivationService activation)
{
    [RequestBody(typeof(TokenBody))]
    [ApiResponse(StatusCodes.Status200OK, typeof(AccountSummaryResponse))]
    [Step(typeof(ActivationService), nameof(ActivationService.ActivateAsync))]
    [Function(nameof(ActivateAccountFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "accounts/activate")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async () =>
        {
            var body = await JsonBody.ReadAsync<TokenBody>(request, cancellationToken);
            return ApiResults.Ok(AccountSummaryResponse.From(await activation.ActivateAsync(body.Token, RequestLanguage.Of(request), cancellationToken)));
        });
}
