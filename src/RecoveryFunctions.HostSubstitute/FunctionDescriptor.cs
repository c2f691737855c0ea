using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace RecoveryFunctions.HostSubstitute;

/// <summary>
/// One <c>[Function]</c> method of the app and what its trigger attribute declares: the same facts the
/// Worker SDK writes to functions.metadata (a test compares the two).
/// </summary>
/// <param name="TriggerParameter">Name of the trigger parameter (the binding name in functions.metadata).</param>
/// <param name="HttpMethods">Upper-case methods, or null when the trigger declares none: the host then accepts every method.</param>
/// <param name="Connection">Storage connection setting of a queue trigger; null means the host's default, AzureWebJobsStorage.</param>
public sealed record FunctionDescriptor(
    string Name,
    Type Type,
    MethodInfo Method,
    TriggerKind Trigger,
    string TriggerParameter,
    IReadOnlyList<string>? HttpMethods = null,
    string? Route = null,
    AuthorizationLevel? AuthLevel = null,
    string? QueueName = null,
    string? Connection = null,
    string? Schedule = null);
