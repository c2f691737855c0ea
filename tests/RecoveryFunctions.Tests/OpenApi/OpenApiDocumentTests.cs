using RecoveryFunctions.TestSupport;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Functions;
using RecoveryFunctions.OpenApi;
using Xunit.Abstractions;

namespace RecoveryFunctions.Tests.OpenApi;

/// <summary>
/// The generated document describes every status of every operation with a schema, and the checker the end-to-end
/// client runs (<see cref="DocumentedResponseHandler"/>) does refuse what the document does not describe.
/// </summary>
public sealed class OpenApiDocumentTests(ITestOutputHelper output)
{
    private static IEnumerable<(string Path, string Verb, JsonObject Operation)> Operations()
        => DocumentedResponses.Document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(v => (p.Key, v.Key, v.Value!.AsObject())));

    [Fact]
    public void Build_EveryHttpFunction_DeclaresItsSuccessResponses()
    {
        var functions = typeof(OpenApiFunction).Assembly.GetTypes().SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null && m.GetParameters().Any(p => p.GetCustomAttribute<HttpTriggerAttribute>() is not null))
            .ToList();

        Assert.NotEmpty(functions);
        Assert.All(functions, f => Assert.True(f.GetCustomAttributes<ApiResponseAttribute>().Any(), $"{f.DeclaringType!.Name} declares no [ApiResponse]"));
    }

    [Fact]
    public void Build_EveryStatusOfEveryOperation_HasASchemaOrNoBody()
    {
        foreach (var (path, verb, operation) in Operations())
        {
            var responses = operation["responses"]!.AsObject();
            Assert.False(responses.ContainsKey("default"), $"{verb} {path} still has a catch-all response");
            Assert.Contains("500", responses.Select(r => r.Key));
            foreach (var (status, response) in responses)
            {
                var content = response!["content"]?.AsObject();
                // No content, and a redirect (a browser navigation, the FranceConnect callback): no body.
                if (status is "204" or "303")
                {
                    Assert.Null(content);
                    continue;
                }

                var (_, media) = Assert.Single(content!);
                Assert.NotNull(media!["schema"]);
                if (int.Parse(status, System.Globalization.CultureInfo.InvariantCulture) is >= 400 and not 503)
                {
                    Assert.Equal("application/problem+json", content!.Single().Key);
                    Assert.NotEmpty(media["schema"]!["allOf"]![1]!["properties"]!["code"]!["enum"]!.AsArray());
                }
            }
        }
    }

    [Fact]
    public void Build_BodyAndCallerImplyTheirRefusals()
    {
        var register = DocumentedResponses.Operation("POST", "/api/accounts")!["responses"]!.AsObject();
        var lookUp = DocumentedResponses.Operation("GET", "/api/assistance/accounts")!["responses"]!.AsObject();

        Assert.Equal(["200", "400", "401", "403", "404", "500", "503"], lookUp.Select(r => r.Key));
        Assert.Contains("413", register.Select(r => r.Key));
        Assert.Contains("415", register.Select(r => r.Key));
        Assert.Contains("agent-forbidden", Codes(lookUp, "403"));
        Assert.Contains("email-in-url", Codes(lookUp, "400"));
        Assert.Contains("captcha-invalid", Codes(register, "400"));
        Assert.DoesNotContain("session-invalid", register.Select(r => r.Key));
    }

    [Fact]
    public void Build_Document_OneOperationPerHttpFunctionVerb()
    {
        var verbs = OpenApiDocumentBuilder.HttpFunctions(typeof(OpenApiFunction).Assembly).Sum(f => f.Trigger.Methods?.Length ?? 0);
        var operations = Operations().ToList();
        var statuses = operations.Sum(o => o.Operation["responses"]!.AsObject().Count);

        Assert.Equal(verbs, operations.Count);
        output.WriteLine($"{operations.Count} operations, {statuses} documented (operation, status) pairs");
    }

    [Fact]
    public void Violation_DocumentedAnswer_None()
        => Assert.Null(DocumentedResponses.Violation("GET", "/api/security-questions", 200, "application/json", "[{\"id\":1,\"text\":\"Nom\"}]"));

    [Theory]
    [InlineData("GET", "/api/security-questions", 200, "application/json", "[{\"id\":\"1\",\"text\":\"Nom\"}]", "expected integer")]
    [InlineData("GET", "/api/security-questions", 200, "application/json", "[{\"id\":1,\"text\":\"Nom\",\"answer\":\"x\"}]", "not documented")]
    [InlineData("GET", "/api/security-questions", 200, "application/json", "[{\"id\":1}]", "missing")]
    [InlineData("GET", "/api/security-questions", 418, "application/json", "{}", "does not document")]
    [InlineData("POST", "/api/accounts", 400, "application/problem+json", "{\"type\":\"t\",\"title\":\"t\",\"status\":400,\"detail\":\"d\",\"code\":\"recovery-locked\",\"traceId\":\"x\"}", "not one of")]
    [InlineData("POST", "/api/accounts", 400, "application/problem+json", "{\"type\":\"t\",\"title\":\"t\",\"status\":401,\"detail\":\"d\",\"code\":\"captcha-invalid\",\"traceId\":\"x\"}", "expected 400")]
    [InlineData("DELETE", "/api/sessions/current", 204, "application/json", "{}", "documents no body")]
    [InlineData("POST", "/api/accounts", 202, "text/plain", "ok", "sent text/plain")]
    [InlineData("PUT", "/api/accounts", 200, "application/json", "{}", "not in the OpenAPI document")]
    public void Violation_AnswerTheDocumentDoesNotDescribe_Reported(string method, string path, int status, string mediaType, string body, string expected)
        => Assert.Contains(expected, DocumentedResponses.Violation(method, path, status, mediaType, body), StringComparison.Ordinal);

    [Fact]
    public void Violation_RoutingMissOfTheHost_NotTheDocumentsBusiness()
        => Assert.Null(DocumentedResponses.Violation("GET", "/api/nothing-here", 404, null, ""));

    private static IEnumerable<string?> Codes(JsonObject responses, string status)
        => responses[status]!["content"]!["application/problem+json"]!["schema"]!["allOf"]![1]!["properties"]!["code"]!["enum"]!.AsArray().Select(c => c!.GetValue<string>());
}
