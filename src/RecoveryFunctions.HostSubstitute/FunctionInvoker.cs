using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;

namespace RecoveryFunctions.HostSubstitute;

/// <summary>
/// Calls a function method the way the worker does: in the invocation's DI scope, through the app's worker middleware
/// (<see cref="LocalWorkerPipeline"/>), then the class from that scope (constructor injection), the trigger
/// parameter bound to the trigger's input, a CancellationToken to the call's token, other parameters to
/// their route values by name. One scope per invocation, as the worker's <c>FunctionContext.InstanceServices</c>:
/// an HTTP invocation runs in its request's scope (the worker's ASP.NET Core integration makes
/// <c>HttpContext.RequestServices</c> the invocation's services), every other one in a scope of its own
/// (<see cref="InvokeInNewScopeAsync"/>).
/// </summary>
public static class FunctionInvoker
{
    /// <summary>A queue or timer invocation: a new DI scope, disposed when the function has returned or thrown.</summary>
    public static async Task<object?> InvokeInNewScopeAsync(IServiceProvider services, FunctionDescriptor function, object? triggerInput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        return await InvokeAsync(scope.ServiceProvider, function, triggerInput, new Dictionary<string, object?>(), cancellationToken);
    }

    /// <param name="services">The invocation's scope.</param>
    public static async Task<object?> InvokeAsync(IServiceProvider services, FunctionDescriptor function, object? triggerInput, IReadOnlyDictionary<string, object?> routeValues, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(function);
        var context = new LocalFunctionContext(function, services, triggerInput as HttpContext, cancellationToken);
        object? result = null;
        await services.GetRequiredService<LocalWorkerPipeline>().RunAsync(context, async () =>
            result = await CallAsync(context.InstanceServices, function, triggerInput, routeValues, cancellationToken));
        return result;
    }

    private static async Task<object?> CallAsync(IServiceProvider services, FunctionDescriptor function, object? triggerInput, IReadOnlyDictionary<string, object?> routeValues, CancellationToken cancellationToken)
    {
        var plan = Plans.GetValue(function, f => new Plan(f));
        var target = plan.Create?.Invoke(services, null);
        var arguments = new object?[plan.Parameters.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = Bind(plan.Parameters[i], triggerInput, routeValues, cancellationToken);
        }

        try
        {
            var returned = function.Method.Invoke(target, arguments);
            return await UnwrapAsync(returned, plan.Result);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
        finally
        {
            switch (target)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    private static object? Bind(ParameterInfo parameter, object? triggerInput, IReadOnlyDictionary<string, object?> routeValues, CancellationToken cancellationToken)
    {
        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return cancellationToken;
        }

        if (triggerInput is not null && parameter.ParameterType.IsInstanceOfType(triggerInput))
        {
            return triggerInput;
        }

        if (parameter.Name is { } name && routeValues.TryGetValue(name, out var value))
        {
            return value?.ToString();
        }

        if (triggerInput is HttpContext && parameter.ParameterType == typeof(HttpRequest))
        {
            return ((HttpContext)triggerInput).Request;
        }

        throw new InvalidOperationException($"The local host cannot bind parameter '{parameter.Name}' ({parameter.ParameterType.Name}) of {parameter.Member.DeclaringType?.Name}.{parameter.Member.Name}.");
    }

    private static async Task<object?> UnwrapAsync(object? returned, PropertyInfo? result)
    {
        if (returned is not Task task)
        {
            return returned;
        }

        await task;
        return result?.GetValue(task);
    }

    /// <summary>What reflection tells once per function (the constructor's factory, the parameters, the result's getter), not on every call.</summary>
    private static readonly ConditionalWeakTable<FunctionDescriptor, Plan> Plans = new();

    private sealed class Plan(FunctionDescriptor function)
    {
        public ObjectFactory? Create { get; } = function.Method.IsStatic ? null : ActivatorUtilities.CreateFactory(function.Type, Type.EmptyTypes);

        public ParameterInfo[] Parameters { get; } = function.Method.GetParameters();

        /// <summary>The declared return type's, not the runtime one's: an async Task's state machine box is generic too.</summary>
        public PropertyInfo? Result { get; } = function.Method.ReturnType is { IsGenericType: true } declared && declared.GetGenericTypeDefinition() == typeof(Task<>)
            ? declared.GetProperty(nameof(Task<object>.Result))
            : null;
    }
}
