using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace RecoveryFunctions.HostSubstitute;

/// <summary>
/// The worker's invocation pipeline, built here from the app's own middleware registration
/// (<c>UseRecoveryMiddleware</c>, the call Program.cs makes on the Functions builder): every local
/// invocation runs through the same <see cref="IFunctionsWorkerMiddleware"/> instances, in the same order,
/// as in the worker, with the function call as the innermost step.
/// </summary>
public sealed class LocalWorkerPipeline(IServiceCollection services) : IFunctionsWorkerApplicationBuilder
{
    private readonly List<Func<FunctionExecutionDelegate, FunctionExecutionDelegate>> _middleware = [];

    public IServiceCollection Services { get; } = services;

    public IFunctionsWorkerApplicationBuilder Use(Func<FunctionExecutionDelegate, FunctionExecutionDelegate> middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        _middleware.Add(middleware);
        return this;
    }

    public Task RunAsync(FunctionContext context, Func<Task> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        FunctionExecutionDelegate pipeline = _ => function();
        for (var i = _middleware.Count - 1; i >= 0; i--)
        {
            pipeline = _middleware[i](pipeline);
        }

        return pipeline(context);
    }
}
