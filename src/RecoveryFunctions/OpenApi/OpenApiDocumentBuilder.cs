using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Http;

namespace RecoveryFunctions.OpenApi;

/// <summary>
/// Builds the OpenAPI 3.1 document from the app's own HTTP triggers (routes, methods), what each function declares
/// beside itself (<see cref="RequestBodyAttribute"/>, <see cref="ApiResponseAttribute"/>, <see cref="StepAttribute"/>,
/// <see cref="HttpRefusesAttribute"/>, <see cref="CallerAttribute"/>) and the refusals its Core steps declare beside
/// themselves (Core's <see cref="RefusesAttribute"/>), so the document cannot drift from the code. Every status of every
/// operation has a schema: the response record's, or the problem+json schema narrowed to the codes of that status.
/// </summary>
public static class OpenApiDocumentBuilder
{
    private const string ProblemSchema = "Problem";

    public static JsonObject Build(Assembly assembly, string routePrefix)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var schemas = new JsonObject { [ProblemSchema] = Problem() };
        var paths = new JsonObject();
        foreach (var (method, function, trigger) in HttpFunctions(assembly))
        {
            var path = $"/{routePrefix}/{trigger.Route}";
            var item = paths[path] as JsonObject ?? new JsonObject();
            paths[path] = item;
            foreach (var verb in trigger.Methods ?? [])
            {
                item[verb.ToLowerInvariant()] = Operation(function.Name, method, trigger.Route ?? "", schemas);
            }
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject { ["title"] = "Recovery backend", ["version"] = "1.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas,
                ["securitySchemes"] = new JsonObject
                {
                    ["session"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["description"] = "Opaque session token from POST /api/sessions." },
                    ["agent"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["bearerFormat"] = "JWT", ["description"] = "Microsoft Entra ID access token with the app role Recovery.Assistance." },
                },
            },
        };
    }

    /// <summary>
    /// Every problem code an HTTP function can answer with: those of the Core steps it names, those the function app
    /// raises in it, and those implied by its body, its caller's gate, a subscriber number in its route and the worker
    /// middleware (ambiguous framing, unhandled exceptions).
    /// </summary>
    public static IReadOnlyList<ProblemCode> Refusals(MethodInfo method, string route)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(route);
        var codes = new List<ProblemCode>();
        if (method.GetCustomAttribute<RequestBodyAttribute>() is not null)
        {
            codes.AddRange([HttpProblemCodes.UnsupportedMediaType, HttpProblemCodes.BodyTooLarge, HttpProblemCodes.BodyRequired, HttpProblemCodes.BodyMalformed, ProblemCode.ValidationFailed]);
        }

        if (method.GetCustomAttribute<CallerAttribute>() is { } caller)
        {
            codes.AddRange(CallerGate.HttpCodes(caller.Kind));
            codes.AddRange(RefusesAttribute.Of(CallerGate.Step(caller.Kind)));
        }

        if (route.Contains("{subscriberNumber}", StringComparison.Ordinal))
        {
            codes.Add(ProblemCode.SubscriberNumberInvalid);
        }

        foreach (var step in method.GetCustomAttributes<StepAttribute>())
        {
            codes.AddRange(RefusesAttribute.Of(step.Resolve()));
        }

        var byName = ProblemCatalog.Members;
        foreach (var name in method.GetCustomAttribute<HttpRefusesAttribute>()?.Codes ?? [])
        {
            codes.Add(byName.TryGetValue(name, out var code) ? code : throw new InvalidOperationException($"{method.DeclaringType?.Name}.{method.Name} refuses unknown code member {name}."));
        }

        codes.AddRange([HttpProblemCodes.BodyFramingInvalid, HttpProblemCodes.InternalError]);

        // Any step may meet the throttle cache down (docs/decisions/0008-throttles-in-a-cache.md), as any may fail; the health
        // probe answers its own 503 body instead.
        if (!method.GetCustomAttributes<ApiResponseAttribute>().Any(r => r.Status == 503))
        {
            codes.Add(HttpProblemCodes.ServiceUnavailable);
        }
        return codes.Distinct().ToList();
    }

    internal static IEnumerable<(MethodInfo Method, FunctionAttribute Function, HttpTriggerAttribute Trigger)> HttpFunctions(Assembly assembly)
        => assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Select(m => (Method: m, Function: m.GetCustomAttribute<FunctionAttribute>(), Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            .Where(f => f.Function is not null && f.Trigger is not null)
            .Select(f => (f.Method, f.Function!, f.Trigger!))
            .OrderBy(f => f.Item3.Route, StringComparer.Ordinal);

    private static JsonObject Operation(string name, MethodInfo method, string route, JsonObject schemas)
    {
        var responses = new SortedDictionary<int, JsonObject>();
        foreach (var declared in method.GetCustomAttributes<ApiResponseAttribute>())
        {
            var response = new JsonObject { ["description"] = Description(declared.Status) };
            if (declared.MediaType is { } mediaType)
            {
                response["content"] = new JsonObject { [mediaType] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string", ["contentMediaType"] = mediaType } } };
            }
            else if (declared.BodyType is { } type)
            {
                response["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = SchemaOf(type, nullable: false, schemas) } };
            }

            responses.Add(declared.Status, response);
        }

        foreach (var family in Refusals(method, route).GroupBy(c => (int)c.Family))
        {
            if (responses.ContainsKey(family.Key))
            {
                throw new InvalidOperationException($"{name}: status {family.Key} is declared both as a success and as a problem.");
            }

            responses.Add(family.Key, new JsonObject
            {
                ["description"] = Description(family.Key),
                ["content"] = new JsonObject
                {
                    ["application/problem+json"] = new JsonObject
                    {
                        ["schema"] = new JsonObject
                        {
                            ["allOf"] = new JsonArray(
                                Ref(ProblemSchema),
                                new JsonObject
                                {
                                    ["properties"] = new JsonObject
                                    {
                                        ["status"] = new JsonObject { ["const"] = family.Key },
                                        ["code"] = new JsonObject { ["enum"] = new JsonArray([.. family.Select(c => JsonValue.Create(c.Value))]) },
                                    },
                                }),
                        },
                    },
                },
            });
        }

        var operation = new JsonObject { ["operationId"] = name };
        if (method.GetCustomAttribute<CallerAttribute>() is { } caller)
        {
            var scheme = caller.Kind == CallerKind.Agent ? "agent" : "session";
            operation["security"] = new JsonArray(new JsonObject { [scheme] = new JsonArray() });
            if (caller.Kind == CallerKind.Agent)
            {
                operation["parameters"] = new JsonArray(new JsonObject
                {
                    ["name"] = "X-Assistance-Reason",
                    ["in"] = "header",
                    ["required"] = true,
                    ["description"] = "Why the agent acts: 10 to 500 characters (non-ASCII as RFC 8187 UTF-8'' percent-encoding).",
                    ["schema"] = new JsonObject { ["type"] = "string", ["minLength"] = 10, ["maxLength"] = 500 },
                });
            }
        }

        if (method.GetCustomAttribute<RequestBodyAttribute>() is { } body)
        {
            operation["requestBody"] = new JsonObject
            {
                ["required"] = true,
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = RecordSchema(body.BodyType, schemas, writtenWhole: false) } },
            };
        }

        operation["responses"] = new JsonObject([.. responses.Select(r => KeyValuePair.Create(r.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), (JsonNode?)r.Value))]);
        return operation;
    }

    private static string Description(int status) => status switch
    {
        200 => "OK",
        201 => "Created",
        202 => "Accepted (the same answer whatever matched)",
        204 => "No content",
        503 => "Degraded",
        _ => "Problem (RFC 9457) with a stable code",
    };

    /// <summary>A JSON schema for a CLR type as <see cref="ApiJson.Options"/> writes it; records go to components.</summary>
    private static JsonObject SchemaOf(Type type, bool nullable, JsonObject schemas)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return SchemaOf(underlying, nullable: true, schemas);
        }

        string? scalar = type == typeof(string) || type.IsEnum ? "string"
            : type == typeof(int) || type == typeof(long) ? "integer"
            : type == typeof(bool) ? "boolean"
            : type == typeof(double) ? "number"
            : type == typeof(DateTimeOffset) ? "string"
            : null;
        if (scalar is not null)
        {
            var schema = new JsonObject { ["type"] = nullable ? new JsonArray(scalar, "null") : scalar };
            if (type == typeof(DateTimeOffset))
            {
                schema["format"] = "date-time";
            }

            return schema;
        }

        if (typeof(JsonNode).IsAssignableFrom(type))
        {
            return new JsonObject { ["type"] = "object" };
        }

        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type))
        {
            var item = type.IsArray ? type.GetElementType()! : type.GetInterfaces().Append(type).First(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)).GetGenericArguments()[0];
            return new JsonObject { ["type"] = nullable ? new JsonArray("array", "null") : "array", ["items"] = SchemaOf(item, nullable: false, schemas) };
        }

        if (!schemas.ContainsKey(type.Name))
        {
            schemas[type.Name] = null;
            schemas[type.Name] = RecordSchema(type, schemas, writtenWhole: true);
        }

        return nullable ? new JsonObject { ["anyOf"] = new JsonArray(Ref(type.Name), new JsonObject { ["type"] = "null" }) } : Ref(type.Name);
    }

    /// <summary>
    /// A record by its primary constructor. A response is written whole (every property, nulls included), so every
    /// property is required; a request requires the parameters without a default.
    /// </summary>
    private static JsonObject RecordSchema(Type record, JsonObject schemas, bool writtenWhole)
    {
        var parameters = record.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First().GetParameters();
        var properties = new JsonObject();
        var required = new JsonArray();
        var nullability = new NullabilityInfoContext();
        foreach (var parameter in parameters)
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(parameter.Name!);
            var nullable = nullability.Create(parameter).WriteState == NullabilityState.Nullable;
            properties[name] = SchemaOf(parameter.ParameterType, nullable, schemas);
            if (writtenWhole || !parameter.HasDefaultValue)
            {
                required.Add(name);
            }
        }

        return new JsonObject { ["type"] = "object", ["additionalProperties"] = false, ["properties"] = properties, ["required"] = required };
    }

    private static JsonObject Problem() => new()
    {
        ["type"] = "object",
        ["description"] = "RFC 9457 problem details with a stable code. A refusal that counts attempts adds \"attemptsLeft\": [\"n\"] to errors.",
        ["additionalProperties"] = false,
        ["required"] = new JsonArray("type", "title", "status", "detail", "code", "traceId"),
        ["properties"] = new JsonObject
        {
            ["type"] = new JsonObject { ["type"] = "string", ["format"] = "uri" },
            ["title"] = new JsonObject { ["type"] = "string" },
            ["status"] = new JsonObject { ["type"] = "integer" },
            ["detail"] = new JsonObject { ["type"] = "string" },
            ["code"] = new JsonObject { ["type"] = "string" },
            ["traceId"] = new JsonObject { ["type"] = "string" },
            ["errors"] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = "JSON path of a field → its codes.",
                ["additionalProperties"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
            },
        },
    };

    private static JsonObject Ref(string name) => new() { ["$ref"] = $"#/components/schemas/{name}" };
}
