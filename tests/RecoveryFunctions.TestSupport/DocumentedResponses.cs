using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RecoveryFunctions.Functions;
using RecoveryFunctions.OpenApi;

namespace RecoveryFunctions.TestSupport;

/// <summary>
/// The app's OpenAPI document as a contract the end-to-end tests enforce: an operation is found by method and route
/// template, its status must be documented, and the body must validate against the documented schema (the subset of
/// JSON Schema 2020-12 the document uses: type, properties, required, additionalProperties, items, enum, const, allOf,
/// anyOf, $ref).
/// </summary>
public static class DocumentedResponses
{
    public static JsonObject Document { get; } = OpenApiDocumentBuilder.Build(typeof(OpenApiFunction).Assembly, "api");

    private static readonly IReadOnlyList<(Regex Path, string Template)> Templates = Document["paths"]!.AsObject()
        .Select(p => (new Regex("^" + Regex.Replace(Regex.Escape(p.Key), @"\\\{[^}]+}", "[^/]+") + "$", RegexOptions.CultureInvariant), p.Key))
        .ToList();

    /// <summary>The operation for a request, or null when the document has none for that path and method.</summary>
    public static JsonObject? Operation(string method, string path)
    {
        var template = Templates.FirstOrDefault(t => t.Path.IsMatch(path)).Template;
        return template is null ? null : Document["paths"]![template]![method.ToLowerInvariant()] as JsonObject;
    }

    /// <summary>Why a response breaks the document, or null when it conforms.</summary>
    public static string? Violation(string method, string path, int status, string? mediaType, string body)
    {
        var operation = Operation(method, path);
        if (operation is null)
        {
            // No function serves it: the host's routing answer (404, 405), or a function only a test registers,
            // whose problem body must still have the documented problem shape.
            return status is 404 or 405 ? null
                : mediaType == "application/problem+json" ? Conforms(body, new JsonObject { ["$ref"] = "#/components/schemas/Problem" }, $"{method} {path} {status}")
                : $"{method} {path} is not in the OpenAPI document";
        }

        if (operation["responses"]![status.ToString(CultureInfo.InvariantCulture)] is not JsonObject response)
        {
            return $"{method} {path} answered {status}, which its operation does not document";
        }

        if (response["content"] is not JsonObject content)
        {
            return body.Length == 0 ? null : $"{method} {path} {status} documents no body but sent {body.Length} characters";
        }

        if (mediaType is null || content[mediaType] is not JsonObject media)
        {
            return $"{method} {path} {status} sent {mediaType ?? "no content type"}; documented: {string.Join(", ", content.Select(c => c.Key))}";
        }

        if (!mediaType.EndsWith("json", StringComparison.Ordinal))
        {
            return null;
        }

        return Conforms(body, media["schema"]!, $"{method} {path} {status}");
    }

    private static string? Conforms(string body, JsonNode schema, string label)
    {
        using var json = JsonDocument.Parse(body);
        var errors = new List<string>();
        Validate(json.RootElement, schema, "$", errors);
        return errors.Count == 0 ? null : $"{label}: {string.Join("; ", errors)}";
    }

    public static void Validate(JsonElement value, JsonNode schema, string at, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var node = schema.AsObject();
        if (node["$ref"] is { } reference)
        {
            var name = reference.GetValue<string>().Split('/')[^1];
            Validate(value, Document["components"]!["schemas"]![name]!, at, errors);
            return;
        }

        foreach (var part in node["allOf"]?.AsArray() ?? [])
        {
            Validate(value, part!, at, errors);
        }

        if (node["anyOf"] is JsonArray anyOf && !anyOf.Any(option => Conforms(value, option!, at)))
        {
            errors.Add($"{at} matches none of anyOf");
        }

        if (node["const"] is { } constant && !JsonNode.DeepEquals(JsonNode.Parse(value.GetRawText()), constant))
        {
            errors.Add($"{at} is {value.GetRawText()}, expected {constant.ToJsonString()}");
        }

        if (node["enum"] is JsonArray options && !options.Any(o => JsonNode.DeepEquals(JsonNode.Parse(value.GetRawText()), o)))
        {
            errors.Add($"{at} is {value.GetRawText()}, not one of {options.ToJsonString()}");
        }

        if (node["type"] is { } type)
        {
            var allowed = type is JsonArray many ? many.Select(t => t!.GetValue<string>()).ToArray() : [type.GetValue<string>()];
            if (!allowed.Contains(TypeOf(value), StringComparer.Ordinal) && !(TypeOf(value) == "integer" && allowed.Contains("number")))
            {
                errors.Add($"{at} is {TypeOf(value)}, expected {string.Join("|", allowed)}");
                return;
            }
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            var properties = node["properties"]?.AsObject();
            foreach (var required in node["required"]?.AsArray() ?? [])
            {
                if (!value.TryGetProperty(required!.GetValue<string>(), out _))
                {
                    errors.Add($"{at}.{required} is missing");
                }
            }

            foreach (var property in value.EnumerateObject())
            {
                if (properties?[property.Name] is { } declared)
                {
                    Validate(property.Value, declared, $"{at}.{property.Name}", errors);
                }
                else if (node["additionalProperties"] is JsonObject additional)
                {
                    Validate(property.Value, additional, $"{at}.{property.Name}", errors);
                }
                else if (node["additionalProperties"] is JsonValue closed && !closed.GetValue<bool>())
                {
                    errors.Add($"{at}.{property.Name} is not documented");
                }
            }
        }

        if (value.ValueKind == JsonValueKind.Array && node["items"] is { } items)
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                Validate(item, items, $"{at}[{index++}]", errors);
            }
        }
    }

    private static bool Conforms(JsonElement value, JsonNode schema, string at)
    {
        var errors = new List<string>();
        Validate(value, schema, at, errors);
        return errors.Count == 0;
    }

    private static string TypeOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => value.TryGetInt64(out _) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}

/// <summary>
/// Checks every answer the test client receives from the app against the OpenAPI document, so a response the
/// document does not describe fails the end-to-end test that provoked it. Requests outside <c>/api/</c> and CORS
/// preflights (the platform's, not the app's) are not the document's business.
/// </summary>
public sealed class DocumentedResponseHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await base.SendAsync(request, cancellationToken);
        var path = request.RequestUri!.AbsolutePath;
        if (!path.StartsWith("/api/", StringComparison.Ordinal) || request.Method == HttpMethod.Options || request.Method == HttpMethod.Head)
        {
            return response;
        }

        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var body = mediaType is not null && mediaType.EndsWith("json", StringComparison.Ordinal) ? await response.Content.ReadAsStringAsync(cancellationToken) : "";
        if (mediaType is null)
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }

        if (DocumentedResponses.Violation(request.Method.Method, path, (int)response.StatusCode, mediaType, body) is { } violation)
        {
            response.Dispose();
            throw new InvalidOperationException("Response not described by the OpenAPI document: " + violation);
        }

        return response;
    }
}
