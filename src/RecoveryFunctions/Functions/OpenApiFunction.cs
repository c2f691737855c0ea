using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Http;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.Functions;

/// <summary>GET /api/openapi.json: the API's OpenAPI document, generated from the functions.</summary>
public sealed class OpenApiFunction
{
    private static readonly Lazy<object> Document = new(() => OpenApiDocumentBuilder.Build(typeof(OpenApiFunction).Assembly, "api"));

    [ApiResponse(StatusCodes.Status200OK, typeof(JsonObject))]
    [Function(nameof(OpenApiFunction))]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request)
        => ApiResults.Ok(Document.Value);
}
