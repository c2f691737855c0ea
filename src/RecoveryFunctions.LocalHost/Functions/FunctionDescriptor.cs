using System.Reflection;

namespace RecoveryFunctions.LocalHost.Functions;

/// <summary>One <c>[Function]</c> method of the app and what its trigger attribute declares.</summary>
public sealed record FunctionDescriptor(
    string Name,
    Type Type,
    MethodInfo Method,
    TriggerKind Trigger,
    IReadOnlyList<string> HttpMethods,
    string? Route,
    string? QueueName,
    string? Schedule);
