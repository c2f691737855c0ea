using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.AccountSpace;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>POST /api/account/email/confirm: the link's token (no session needed: the mailbox is the proof) → summary.</summary>
public sealed class ConfirmEmailChangeFunction(EmailChangeService emailChange)
{
    [RequestBody(typeof(TokenBody))]
    [ApiResponse(StatusCodes.Status200OK, typeof(AccountSummaryResponse))]
    [Step(typeof(EmailChangeService), nameof(EmailChangeService.ConfirmAsync))]
    [Function(nameof(ConfirmEmailChangeFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "account/email/confirm")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async () =>
        {
            var body = await JsonBody.ReadAsync<TokenBody>(request, cancellationToken);
            return ApiResults.Ok(AccountSummaryResponse.From(await emailChange.ConfirmAsync(body.Token, RequestLanguage.Of(request), cancellationToken)));
        });
}
