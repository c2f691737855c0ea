using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>POST /api/password-recovery/answer: the security answer; 3 wrong in 24 h lock self-service recovery.</summary>
public sealed class AnswerPasswordRecoveryFunction(SecurityAnswerCheck answers)
{
    [RequestBody(typeof(RecoveryAnswerBody))]
    [ApiResponse(StatusCodes.Status200OK, typeof(NextStepResponse))]
    [Step(typeof(SecurityAnswerCheck), nameof(SecurityAnswerCheck.AnswerAsync))]
    [Function(nameof(AnswerPasswordRecoveryFunction))]
    public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "password-recovery/answer")] HttpRequest request, CancellationToken cancellationToken)
        => ApiEndpoint.HandleAsync(request, async () =>
        {
            var body = await JsonBody.ReadAsync<RecoveryAnswerBody>(request, cancellationToken);
            var flow = await answers.AnswerAsync(body.FlowId, body.Answer, cancellationToken);
            return ApiResults.Ok(new NextStepResponse("password", flow.ExpiresAt));
        });
}

public sealed record NextStepResponse(string Next, DateTimeOffset ExpiresAt);

public sealed record RecoveryAnswerBody(string FlowId, string Answer);
