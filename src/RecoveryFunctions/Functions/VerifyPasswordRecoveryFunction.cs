using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>POST /api/password-recovery/verify: the link's token, or the flow id and the typed code.</summary>
public sealed class VerifyPasswordRecoveryFunction(MailboxVerification verification)
{
    [RequestBody(typeof(RecoveryVerifyBody))]
    [ApiResponse(StatusCodes.Status200OK, typeof(VerifiedFlowResponse))]
    [Step(typeof(MailboxVerification), nameof(MailboxVerification.VerifyLinkAsync))]
    [Step(typeof(MailboxVerification), nameof(MailboxVerification.VerifyCodeAsync))]
    [Function(nameof(VerifyPasswordRecoveryFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "password-recovery/verify")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async () =>
        {
            var body = await JsonBody.ReadAsync<RecoveryVerifyBody>(request, cancellationToken);
            var language = RequestLanguage.Of(request);
            var viaLink = body is { Token: not null, FlowId: null, Code: null };
            var viaCode = body is { Token: null, FlowId: not null, Code: not null };
            if (!viaLink && !viaCode)
            {
                throw DomainException.Validation("$", FieldCodes.FieldRequired);
            }

            var verified = viaLink
                ? await verification.VerifyLinkAsync(body.Token, language, ClientAddress.Of(request), cancellationToken)
                : await verification.VerifyCodeAsync(body.FlowId, body.Code, language, ClientAddress.Of(request), cancellationToken);
            return ApiResults.Ok(new VerifiedFlowResponse(
                verified.FlowId, verified.SecurityQuestion is { } question ? QuestionResponse.From(question) : null, verified.ExpiresAt, verified.AttemptsLeft));
        });
}

/// <summary>Either the token from the emailed link, or the flow id of the page plus the typed code.</summary>
public sealed record RecoveryVerifyBody(string? Token = null, string? FlowId = null, string? Code = null);

/// <summary>The mailbox is proven: the question to answer (null on a helpdesk link, which skips it) and the tries left.</summary>
public sealed record VerifiedFlowResponse(string FlowId, QuestionResponse? SecurityQuestion, DateTimeOffset ExpiresAt, int AttemptsLeft);
