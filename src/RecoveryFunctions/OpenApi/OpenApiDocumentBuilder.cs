using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;

namespace RecoveryFunctions.OpenApi;

/// <summary>
/// Builds the OpenAPI 3.1 document from the app's own HTTP triggers (routes, methods) and the body records
/// they declare with <see cref="RequestBodyAttribute"/>, so the document cannot drift from the code.
/// </summary>
public static class OpenApiDocumentBuilder
{
    public static JsonObject Build(Assembly assembly, string routePrefix)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var paths = new JsonObject();
        var functions = assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Select(m => (Method: m, Function: m.GetCustomAttribute<FunctionAttribute>(), Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            .Where(f => f.Function is not null && f.Trigger is not null)
            .OrderBy(f => f.Trigger!.Route, StringComparer.Ordinal);
        foreach (var (method, function, trigger) in functions)
        {
            var path = $"/{routePrefix}/{trigger!.Route}";
            var item = paths[path] as JsonObject ?? new JsonObject();
            paths[path] = item;
            foreach (var verb in trigger.Methods ?? [])
            {
                item[verb.ToLowerInvariant()] = Operation(function!.Name, method);
            }
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject { ["title"] = "Recovery backend", ["version"] = "1.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["session"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["description"] = "Opaque session token from POST /api/sessions." },
                    ["agent"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["bearerFormat"] = "JWT", ["description"] = "Microsoft Entra ID access token with the app role Recovery.Assistance." },
                },
            },
        };
    }

    private static JsonObject Operation(string name, MethodInfo method)
    {
        var operation = new JsonObject
        {
            ["operationId"] = name,
            ["responses"] = new JsonObject
            {
                ["default"] = new JsonObject { ["description"] = "Success body, or an application/problem+json with a stable code." },
            },
        };
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
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Schema(body.BodyType) } },
            };
        }

        return operation;
    }

    private static JsonObject Schema(Type record)
    {
        var parameters = record.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First().GetParameters();
        var properties = new JsonObject();
        var required = new JsonArray();
        var nullability = new NullabilityInfoContext();
        foreach (var parameter in parameters)
        {
            var name = char.ToLowerInvariant(parameter.Name![0]) + parameter.Name[1..];
            var nullable = nullability.Create(parameter).WriteState == NullabilityState.Nullable || Nullable.GetUnderlyingType(parameter.ParameterType) is not null;
            var type = (Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType) == typeof(int) ? "integer" : "string";
            properties[name] = new JsonObject { ["type"] = nullable ? new JsonArray(type, "null") : type };
            if (!parameter.HasDefaultValue)
            {
                required.Add(name);
            }
        }

        return new JsonObject { ["type"] = "object", ["additionalProperties"] = false, ["properties"] = properties, ["required"] = required };
    }
}
