using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Http;
using RecoveryFunctions.Infrastructure.Cache;

namespace RecoveryFunctions.Hosting;

/// <summary>
/// Worker middleware: an exception escaping an HTTP function becomes the API's problem+json 500 (code
/// <c>internal-error</c>, a <c>traceId</c>, no internals). The Functions host alone would answer a bare
/// 500, so this lives in the app and runs in Azure and on the local host alike. Non-HTTP invocations
/// rethrow: the host's queue retries and poison queue depend on it. The throttle cache not answering is no bug: 503
/// <c>service-unavailable</c>, the step failing closed (docs/decisions/0008-throttles-in-a-cache.md).
/// </summary>
internal sealed partial class UnhandledExceptionMiddleware(ILogger<UnhandledExceptionMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context);
        }
        catch (ThrottleCacheUnavailableException e) when (context.GetHttpContext() is { } http && !http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            LogCacheUnavailable(logger, context.FunctionDefinition.Name, http.TraceIdentifier, e);
            http.Response.Clear();
            await ApiResults.Problem(http.Request, HttpProblemCodes.ServiceUnavailable).ExecuteAsync(http);
        }
        catch (Exception e) when (context.GetHttpContext() is { } http && !http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            LogUnhandled(logger, context.FunctionDefinition.Name, http.TraceIdentifier, e);
            http.Response.Clear();
            await ApiResults.Problem(http.Request, HttpProblemCodes.InternalError).ExecuteAsync(http);
        }
    }

    [LoggerMessage(LogLevel.Error, "Function {Function} failed (trace {TraceId}); answered 500 internal-error")]
    private static partial void LogUnhandled(ILogger logger, string function, string traceId, Exception exception);

    [LoggerMessage(LogLevel.Error, "Function {Function} could not reach the throttle cache (trace {TraceId}); answered 503 service-unavailable")]
    private static partial void LogCacheUnavailable(ILogger logger, string function, string traceId, Exception exception);
}
