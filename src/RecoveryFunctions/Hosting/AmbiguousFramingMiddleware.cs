using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Http;

namespace RecoveryFunctions.Hosting;

/// <summary>
/// Worker middleware: a request sent with both <c>Transfer-Encoding</c> and <c>Content-Length</c> gets 400
/// <c>body-framing-invalid</c> before any function runs, on every HTTP endpoint. The worker never sees the two
/// headers together: Kestrel (the Functions host's and the local host's alike, .NET 7 and later,
/// dotnet/aspnetcore#43558) frames such a request by Transfer-Encoding, removes Content-Length and keeps its value as
/// <c>X-Content-Length</c>; the host's proxy to the worker (YARP's forwarder) drops only hop-by-hop headers, so that
/// trace reaches the worker in Azure as it does locally. Both headers together are refused too, for any server that
/// would pass them on. See docs/security/untrusted-text-and-framing.md.
/// </summary>
internal sealed class AmbiguousFramingMiddleware : IFunctionsWorkerMiddleware
{
    /// <summary>Where Kestrel keeps the Content-Length it removed from a request that also had Transfer-Encoding.</summary>
    public const string RemovedContentLengthHeader = "X-Content-Length";

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.GetHttpContext() is { } http && IsAmbiguous(http.Request.Headers))
        {
            http.RequestServices.GetRequiredService<RecoveryMetrics>().Refuse(HttpProblemCodes.BodyFramingInvalid.Value);
            await ApiResults.Problem(http.Request, HttpProblemCodes.BodyFramingInvalid).ExecuteAsync(http);
            return;
        }

        await next(context);
    }

    internal static bool IsAmbiguous(IHeaderDictionary headers)
        => headers.ContainsKey(RemovedContentLengthHeader)
           || (headers.ContentLength is not null && headers.TransferEncoding.Count > 0);
}
