using System.Text.Json;

namespace RecoveryFunctions.LocalHost.Hosting;

/// <summary>
/// What the Functions host does around functions, done here: unknown routes and wrong methods get a
/// problem body with a code, and an unhandled exception a 500 problem without internals.
/// </summary>
internal sealed partial class ProblemMiddleware(RequestDelegate next, ILogger<ProblemMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            LogUnhandled(logger, context.Request.Path, e);
            await WriteAsync(context, StatusCodes.Status500InternalServerError, "internal-error");
            return;
        }

        if (!context.Response.HasStarted && context.Response.ContentLength is null && context.Response.ContentType is null
            && context.Response.StatusCode is StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed)
        {
            await WriteAsync(context, context.Response.StatusCode, context.Response.StatusCode == 404 ? "not-found" : "method-not-allowed");
        }
    }

    private static async Task WriteAsync(HttpContext context, int status, string code)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await JsonSerializer.SerializeAsync(context.Response.Body, new { type = $"https://errors.recovery.local/{code}", title = code, status, code, traceId = context.TraceIdentifier });
    }

    [LoggerMessage(LogLevel.Error, "Unhandled exception on {Path}")]
    private static partial void LogUnhandled(ILogger logger, PathString path, Exception exception);
}
