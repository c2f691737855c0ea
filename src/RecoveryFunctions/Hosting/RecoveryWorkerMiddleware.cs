using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Hosting;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Hosting;

/// <summary>
/// The app's worker middleware, in invocation order. Program.cs calls it on the Functions builder and the
/// local host on its own <see cref="IFunctionsWorkerApplicationBuilder"/>, so both run the same pipeline.
/// </summary>
public static class RecoveryWorkerMiddleware
{
    public static IFunctionsWorkerApplicationBuilder UseRecoveryMiddleware(this IFunctionsWorkerApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .UseMiddleware<UnhandledExceptionMiddleware>()
            .UseMiddleware<AmbiguousFramingMiddleware>()
            .Use(next => async context =>
            {
                // One key ring per invocation: every token, code and throttle key of a request under the same keys, read once.
                using var keyRing = TokenKeyRingScope.Begin();
                await next(context);
            });
    }
}
