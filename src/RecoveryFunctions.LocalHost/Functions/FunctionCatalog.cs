using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace RecoveryFunctions.LocalHost.Functions;

/// <summary>
/// Every <c>[Function]</c> of the function app, found by reflection from the trigger attributes the
/// Functions host itself reads: no second route table to keep in step.
/// </summary>
public static class FunctionCatalog
{
    public static IReadOnlyList<FunctionDescriptor> Discover(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var functions = new List<FunctionDescriptor>();
        foreach (var type in assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false }))
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            {
                if (method.GetCustomAttribute<FunctionAttribute>() is { } function)
                {
                    functions.Add(Describe(function.Name, type, method));
                }
            }
        }

        return functions;
    }

    private static FunctionDescriptor Describe(string name, Type type, MethodInfo method)
    {
        foreach (var parameter in method.GetParameters())
        {
            if (parameter.GetCustomAttribute<HttpTriggerAttribute>() is { } http)
            {
                var methods = (http.Methods ?? ["get", "post"]).Select(m => m.ToUpperInvariant()).ToArray();
                return new FunctionDescriptor(name, type, method, TriggerKind.Http, methods, http.Route ?? name, null, null);
            }

            if (parameter.GetCustomAttribute<QueueTriggerAttribute>() is { } queue)
            {
                return new FunctionDescriptor(name, type, method, TriggerKind.Queue, [], null, queue.QueueName, null);
            }

            if (parameter.GetCustomAttribute<TimerTriggerAttribute>() is { } timer)
            {
                return new FunctionDescriptor(name, type, method, TriggerKind.Timer, [], null, null, timer.Schedule);
            }
        }

        throw new InvalidOperationException($"Function '{name}' has a trigger the local host does not serve; add it to {nameof(FunctionCatalog)}.");
    }
}
