using Microsoft.AspNetCore.Http;

namespace RecoveryFunctions.LocalHost.Functions;

/// <summary>Maps every HTTP-triggered function at <c>/{routePrefix}/{route}</c> with its declared methods.</summary>
public static class HttpFunctionEndpoints
{
    public static IReadOnlyList<FunctionDescriptor> MapHttpFunctions(this IEndpointRouteBuilder endpoints, IEnumerable<FunctionDescriptor> functions, string routePrefix)
    {
        var mapped = new List<FunctionDescriptor>();
        foreach (var function in functions.Where(f => f.Trigger == TriggerKind.Http))
        {
            var pattern = string.IsNullOrEmpty(routePrefix) ? "/" + function.Route : $"/{routePrefix}/{function.Route}";
            endpoints.MapMethods(pattern, function.HttpMethods, async context =>
            {
                var result = await FunctionInvoker.InvokeAsync(context.RequestServices, function, context, context.Request.RouteValues, context.RequestAborted);
                if (result is not IResult httpResult)
                {
                    throw new InvalidOperationException($"Function {function.Name} must return IResult (returned {result?.GetType().Name ?? "null"}).");
                }

                await httpResult.ExecuteAsync(context);
            }).WithName(function.Name);
            mapped.Add(function);
        }

        return mapped;
    }
}
