using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace RecoveryFunctions.LocalHost.Functions;

/// <summary>
/// Calls a function method the way the worker does: the class comes from DI (constructor injection),
/// the trigger parameter gets the trigger's input, a CancellationToken the call's token, other
/// parameters their route values by name.
/// </summary>
public static class FunctionInvoker
{
    public static async Task<object?> InvokeAsync(IServiceProvider services, FunctionDescriptor function, object? triggerInput, IReadOnlyDictionary<string, object?> routeValues, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        var target = function.Method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, function.Type);
        var arguments = function.Method.GetParameters().Select(p => Bind(p, triggerInput, routeValues, cancellationToken)).ToArray();
        try
        {
            var returned = function.Method.Invoke(target, arguments);
            return await UnwrapAsync(returned, function.Method.ReturnType);
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

    private static async Task<object?> UnwrapAsync(object? returned, Type declared)
    {
        if (returned is not Task task)
        {
            return returned;
        }

        await task;

        // The declared type, not the runtime one: an async Task's state machine box is generic too.
        return declared.IsGenericType && declared.GetGenericTypeDefinition() == typeof(Task<>)
            ? declared.GetProperty(nameof(Task<object>.Result))!.GetValue(task)
            : null;
    }
}
