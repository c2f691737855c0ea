using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace RecoveryFunctions.HostSubstitute;

/// <summary>
/// Every <c>[Function]</c> of the function app, found by reflection from the trigger attributes the
/// Functions host itself reads: no second route table to keep in step.
/// </summary>
public static class FunctionCatalog
{
    public static IReadOnlyList<FunctionDescriptor> Discover(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return Discover(assembly.GetTypes());
    }

    public static IReadOnlyList<FunctionDescriptor> Discover(IEnumerable<Type> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var functions = new List<FunctionDescriptor>();
        foreach (var type in types.Where(t => t is { IsClass: true, IsAbstract: false }))
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
            var triggerParameter = parameter.Name!;
            if (parameter.GetCustomAttribute<HttpTriggerAttribute>() is { } http)
            {
                var methods = http.Methods?.Select(m => m.ToUpperInvariant()).ToArray();
                return new FunctionDescriptor(name, type, method, TriggerKind.Http, triggerParameter, HttpMethods: methods, Route: http.Route ?? name, AuthLevel: http.AuthLevel);
            }

            if (parameter.GetCustomAttribute<QueueTriggerAttribute>() is { } queue)
            {
                return new FunctionDescriptor(name, type, method, TriggerKind.Queue, triggerParameter, QueueName: queue.QueueName, Connection: queue.Connection);
            }

            if (parameter.GetCustomAttribute<TimerTriggerAttribute>() is { } timer)
            {
                if (timer.RunOnStartup)
                {
                    throw new InvalidOperationException($"Timer function '{name}' sets RunOnStartup, which the local host does not reproduce.");
                }

                return new FunctionDescriptor(name, type, method, TriggerKind.Timer, triggerParameter, Schedule: timer.Schedule);
            }
        }

        throw new InvalidOperationException($"Function '{name}' has a trigger the local host does not serve; add it to {nameof(FunctionCatalog)}.");
    }
}
