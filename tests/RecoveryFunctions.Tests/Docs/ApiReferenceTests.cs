using System.Text;
using System.Text.Json.Nodes;
using RecoveryFunctions.DevServices.Azurite;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Docs;

/// <summary>
/// docs/api-reference.md is generated from the OpenAPI document the app serves (the same builder), never written by hand:
/// this test fails when the committed page differs from what the document says today. Run it with
/// <c>UPDATE_DOCS=1</c> to rewrite the page.
/// </summary>
public sealed class ApiReferenceTests
{
    private const string Page = "docs/api-reference.md";

    [Fact]
    public void Reference_GeneratedFromTheServedDocument_IsCurrent()
    {
        var path = Path.Combine(RepositoryRoot.Find(), Page);
        var generated = Render(DocumentedResponses.Document);
        if (Environment.GetEnvironmentVariable("UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, generated);
        }

        Assert.True(File.Exists(path), $"{Page} is missing: run this test with UPDATE_DOCS=1.");
        Assert.True(File.ReadAllText(path) == generated, $"{Page} is out of date with the OpenAPI document: run this test with UPDATE_DOCS=1 and commit the result.");
    }

    private static string Render(JsonObject document)
    {
        var text = new StringBuilder();
        text.Append("# HTTP API reference\n\n")
            .Append("Generated from the OpenAPI document the app serves at `GET /api/openapi.json` by `tests/RecoveryFunctions.Tests/Docs/ApiReferenceTests.cs`;\n")
            .Append("do not edit by hand. Conventions, examples and the meaning of each problem code: [api.md](api.md).\n\n")
            .Append("| Operation | Auth | Request body | Success | Problem codes by status |\n")
            .Append("| --- | --- | --- | --- | --- |\n");
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (verb, node) in item!.AsObject())
            {
                var operation = node!.AsObject();
                var responses = operation["responses"]!.AsObject();
                text.Append(CultureInvariant($"| `{verb.ToUpperInvariant()} {path}` | {Auth(operation)} | {Body(operation)} | "))
                    .Append(string.Join(", ", responses.Where(r => r.Key[0] is '2' or '3').Select(r => Success(r.Key, r.Value!))))
                    .Append(" | ")
                    .Append(string.Join("; ", responses.Where(r => r.Key[0] is not ('2' or '3')).Select(r => $"{r.Key} {Codes(r.Value!)}")))
                    .Append(" |\n");
            }
        }

        return text.ToString();
    }

    private static string CultureInvariant(FormattableString value) => FormattableString.Invariant(value);

    private static string Auth(JsonObject operation)
        => operation["security"] is JsonArray { Count: > 0 } security
            ? string.Join(", ", security.SelectMany(s => s!.AsObject().Select(k => k.Key)))
            : "none";

    private static string Body(JsonObject operation)
    {
        if (operation["requestBody"]?["content"]?["application/json"]?["schema"] is not JsonObject schema)
        {
            return "—";
        }

        var required = (schema["required"] as JsonArray)?.Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
        var properties = schema["properties"]?.AsObject().Select(p => required.Contains(p.Key) ? p.Key : p.Key + "?") ?? [];
        return "`{" + string.Join(", ", properties) + "}`";
    }

    private static string Success(string status, JsonNode response)
    {
        var schema = response["content"]?.AsObject().FirstOrDefault().Value?["schema"];
        var name = schema?["$ref"]?.GetValue<string>().Split('/')[^1] ?? schema?["type"]?.ToString();
        return name is null ? status : $"{status} `{name}`";
    }

    private static string Codes(JsonNode response)
    {
        var codes = response["content"]?.AsObject().FirstOrDefault().Value?["schema"]?["allOf"]?.AsArray()
            .Select(part => part?["properties"]?["code"]?["enum"]).OfType<JsonArray>()
            .SelectMany(e => e.Select(c => c!.GetValue<string>()));
        return codes is null ? "" : string.Join(" ", codes.Select(c => $"`{c}`"));
    }
}
