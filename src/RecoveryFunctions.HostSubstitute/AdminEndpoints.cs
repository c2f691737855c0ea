using System.Text.Json;
using Azure.Storage.Queues.Models;

namespace RecoveryFunctions.HostSubstitute;

/// <summary>
/// The Functions host's <c>POST /admin/functions/{name}</c>: runs a non-HTTP function now. Timer
/// functions run at once; queue functions take the body's <c>input</c> as the message text.
/// </summary>
public static class AdminEndpoints
{
    public static void MapAdminFunctions(this IEndpointRouteBuilder endpoints, IReadOnlyList<FunctionDescriptor> functions)
    {
        endpoints.MapPost("/admin/functions/{name}", async (string name, HttpContext context) =>
        {
            var function = functions.FirstOrDefault(f => f.Trigger != TriggerKind.Http && string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
            if (function is null)
            {
                // The host's admin API answers an unknown function with an empty 404 too.
                return Results.NotFound();
            }

            if (function.Trigger == TriggerKind.Timer)
            {
                await TimerTriggerScheduler.RunOnceAsync(context.RequestServices, function, context.RequestAborted);
                return Results.Accepted();
            }

            var input = await ReadInputAsync(context);
            var message = QueuesModelFactory.QueueMessage("admin-" + Guid.NewGuid().ToString("N"), "admin", input, 1);
            await FunctionInvoker.InvokeInNewScopeAsync(context.RequestServices, function, message, context.RequestAborted);
            return Results.Accepted();
        });
    }

    private static async Task<string> ReadInputAsync(HttpContext context)
    {
        if (context.Request.ContentLength is null or 0)
        {
            return "";
        }

        using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        return document.RootElement.TryGetProperty("input", out var input) ? input.GetString() ?? "" : "";
    }
}
