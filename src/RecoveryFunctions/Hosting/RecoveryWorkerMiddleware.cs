using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Hosting;

namespace RecoveryFunctions.Hosting;

/// <summary>
/// The app's worker middleware, in invocation order. Program.cs calls it on the Functions builder and the
/// local host on its own <see cref="IFunctionsWorkerApplicationBuilder"/>, so both run the same pipeline.
/// Per-request state (the key ring) is not kept here: it lives in the invocation's DI scope
/// (<c>FunctionContext.InstanceServices</c>), see docs/architecture/request-scope.md.
/// </summary>
public static class RecoveryWorkerMiddleware
{
    public static IFunctionsWorkerApplicationBuilder UseRecoveryMiddleware(this IFunctionsWorkerApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .UseMiddleware<UnhandledExceptionMiddleware>()
            .UseMiddleware<AmbiguousFramingMiddleware>();
    }
}
