using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.Questions;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>GET /api/security-questions in the request's language.</summary>
public sealed class SecurityQuestionsFunction
{
    [ApiResponse(StatusCodes.Status200OK, typeof(IReadOnlyList<QuestionResponse>))]
    [Function(nameof(SecurityQuestionsFunction))]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "security-questions")] HttpRequest request)
    {
        var language = RequestLanguage.Of(request);
        return ApiResults.Ok(SecurityQuestionCatalog.Offered.Select(q => new QuestionResponse(q.Id, q.Text(language))).ToArray());
    }
}
