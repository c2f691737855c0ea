using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace RecoveryFunctions.HostSubstitute;

/// <summary>
/// Maps every HTTP-triggered function at <c>/{routePrefix}/{route}</c> with its declared methods (every
/// method when it declares none, as the host does), and writes the returned result the way the worker's
/// ASP.NET Core integration does: an <see cref="IResult"/> is executed, nothing returned leaves the
/// response as the function or a middleware wrote it.
/// </summary>
public static class HttpFunctionEndpoints
{
    public static IReadOnlyList<FunctionDescriptor> MapHttpFunctions(this IEndpointRouteBuilder endpoints, IEnumerable<FunctionDescriptor> functions, string routePrefix)
    {
        var mapped = new List<FunctionDescriptor>();
        foreach (var function in functions.Where(f => f.Trigger == TriggerKind.Http))
        {
            if (function.AuthLevel != AuthorizationLevel.Anonymous)
            {
                // The platform would ask for a function or admin key the local host has not got.
                throw new InvalidOperationException($"Function {function.Name} declares AuthorizationLevel.{function.AuthLevel}; the local host serves Anonymous HTTP functions only.");
            }

            var pattern = string.IsNullOrEmpty(routePrefix) ? "/" + function.Route : $"/{routePrefix}/{function.Route}";
            RequestDelegate handler = async context =>
            {
                // The request's scope is the invocation's: one per call, as in the worker.
                var result = await FunctionInvoker.InvokeAsync(context.RequestServices, function, context, context.Request.RouteValues, context.RequestAborted);
                switch (result)
                {
                    case IResult httpResult:
                        await httpResult.ExecuteAsync(context);
                        break;
                    case not null:
                        throw new InvalidOperationException($"Function {function.Name} must return IResult (returned {result.GetType().Name}).");
                }
            };
            var endpoint = function.HttpMethods is { } methods ? endpoints.MapMethods(pattern, methods, handler) : endpoints.Map(pattern, handler);
            endpoint.WithName(function.Name);
            mapped.Add(function);
        }

        return mapped;
    }
}
