using Azure.Storage.Queues;

namespace RecoveryFunctions.HostSubstitute;

/// <summary>The host's trigger listeners: one queue listener or timer scheduler per enabled non-HTTP function.</summary>
public static class FunctionTriggers
{
    /// <summary>The only queue connection served, as the app's queue triggers name it.</summary>
    public const string StorageConnection = "AzureWebJobsStorage";

    /// <param name="queues">The client for <see cref="StorageConnection"/>, configured as the host's queue extension is (message encoding).</param>
    public static void AddFunctionTriggers(
        this IServiceCollection services,
        IConfiguration configuration,
        IReadOnlyList<FunctionDescriptor> functions,
        HostJsonSettings hostJson,
        Func<IServiceProvider, QueueServiceClient> queues)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(functions);
        foreach (var function in functions)
        {
            // As the Functions host: a disabled function gets no trigger, yet still runs through the admin endpoint.
            if (string.Equals(configuration[$"AzureWebJobs.{function.Name}.Disabled"], "true", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            switch (function.Trigger)
            {
                case TriggerKind.Queue when function.Connection is null or StorageConnection:
                    var queueName = BindingExpression.Resolve(function.QueueName!, configuration);
                    services.AddSingleton<IHostedService>(sp => new QueueTriggerListener(
                        sp, function, queues(sp), queueName, hostJson, sp.GetRequiredService<ILogger<QueueTriggerListener>>()));
                    break;
                case TriggerKind.Timer:
                    var schedule = BindingExpression.Resolve(function.Schedule!, configuration);
                    services.AddSingleton<IHostedService>(sp => new TimerTriggerScheduler(
                        sp, function, schedule, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<TimerTriggerScheduler>>()));
                    break;
                case TriggerKind.Queue:
                    throw new InvalidOperationException($"Queue function {function.Name} uses connection '{function.Connection}'; the local host serves {StorageConnection} only.");
            }
        }
    }
}
