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
            return ApiResults.Ok(VerifiedFlowResponse.From(verified));
        });
}

/// <summary>Either the token from the emailed link, or the flow id of the page plus the typed code.</summary>
public sealed record RecoveryVerifyBody(string? Token = null, string? FlowId = null, string? Code = null);

/// <summary>
/// The mailbox is proven: the question to answer (null unless <paramref name="Next"/> is <c>answer</c>), the tries left,
/// what comes next (<c>answer</c>, <c>factor</c> or <c>password</c>) and, at the factor stage, the factors the holder
/// may prove (<c>recovery-code</c>). Nothing of this is said before the mailbox is proven.
/// </summary>
public sealed record VerifiedFlowResponse(string FlowId, QuestionResponse? SecurityQuestion, DateTimeOffset ExpiresAt, int AttemptsLeft, string Next, IReadOnlyList<string> Factors)
{
    public static VerifiedFlowResponse From(VerifiedFlow verified)
    {
        ArgumentNullException.ThrowIfNull(verified);
        return new(
            verified.FlowId,
            verified.SecurityQuestion is { } question ? QuestionResponse.From(question) : null,
            verified.ExpiresAt,
            verified.AttemptsLeft,
            StepNames.Of(verified.Next),
            [.. verified.Factors.Select(StepNames.Of)]);
    }
}
