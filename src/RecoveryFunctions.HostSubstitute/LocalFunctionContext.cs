using System.Collections;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace RecoveryFunctions.HostSubstitute;

/// <summary>
/// The <see cref="FunctionContext"/> of one local invocation, shaped as the worker's: the definition carries
/// the trigger binding as functions.metadata declares it, services are the invocation's scope, and an HTTP
/// invocation holds its <see cref="HttpContext"/> where the ASP.NET Core integration puts it, so
/// <c>context.GetHttpContext()</c> answers as in Azure.
/// </summary>
public sealed class LocalFunctionContext : FunctionContext
{
    /// <summary>The Items key under which the worker's ASP.NET Core integration stores the HttpContext.</summary>
    internal const string HttpContextKey = "HttpRequestContext";

    public LocalFunctionContext(FunctionDescriptor function, IServiceProvider services, HttpContext? httpContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        FunctionDefinition = Definitions.GetValue(function, f => new Definition(f));
        FunctionId = function.Name;
        InstanceServices = services;
        CancellationToken = cancellationToken;
        if (httpContext is not null)
        {
            Items[HttpContextKey] = httpContext;
        }
    }

    public override string InvocationId { get; } = Guid.NewGuid().ToString();

    public override string FunctionId { get; }

    public override TraceContext TraceContext { get; } = new Trace(Activity.Current);

    public override BindingContext BindingContext { get; } = new Bindings();

    public override RetryContext RetryContext { get; } = new NoRetry();

    public override IServiceProvider InstanceServices { get; set; }

    public override FunctionDefinition FunctionDefinition { get; }

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features { get; } = new FeatureCollection();

    public override CancellationToken CancellationToken { get; }

    /// <summary>A function's definition does not change from one invocation to the next: built once.</summary>
    private static readonly ConditionalWeakTable<FunctionDescriptor, Definition> Definitions = new();

    private sealed class Definition(FunctionDescriptor function) : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters { get; } =
            [.. function.Method.GetParameters().Select(p => new FunctionParameter(p.Name!, p.ParameterType))];

        public override string PathToAssembly { get; } = function.Type.Assembly.Location;

        public override string EntryPoint { get; } = $"{function.Type.FullName}.{function.Method.Name}";

        public override string Id { get; } = function.Name;

        public override string Name { get; } = function.Name;

        public override IImmutableDictionary<string, BindingMetadata> InputBindings { get; } =
            ImmutableDictionary<string, BindingMetadata>.Empty.Add(function.TriggerParameter, new Binding(function.TriggerParameter, TriggerType(function.Trigger), BindingDirection.In));

        public override IImmutableDictionary<string, BindingMetadata> OutputBindings { get; } = function.Trigger == TriggerKind.Http
            ? ImmutableDictionary<string, BindingMetadata>.Empty.Add("$return", new Binding("$return", "http", BindingDirection.Out))
            : ImmutableDictionary<string, BindingMetadata>.Empty;

        private static string TriggerType(TriggerKind trigger) => trigger switch
        {
            TriggerKind.Http => "httpTrigger",
            TriggerKind.Queue => "queueTrigger",
            TriggerKind.Timer => "timerTrigger",
            _ => throw new ArgumentOutOfRangeException(nameof(trigger), trigger, null),
        };
    }

    private sealed class Binding(string name, string type, BindingDirection direction) : BindingMetadata
    {
        public override string Name { get; } = name;

        public override string Type { get; } = type;

        public override BindingDirection Direction { get; } = direction;
    }

    private sealed class Trace(Activity? activity) : TraceContext
    {
        public override string TraceParent { get; } = activity?.Id ?? "";

        public override string TraceState { get; } = activity?.TraceStateString ?? "";
    }

    private sealed class Bindings : BindingContext
    {
        public override IReadOnlyDictionary<string, object?> BindingData { get; } = ImmutableDictionary<string, object?>.Empty;
    }

    private sealed class NoRetry : RetryContext
    {
        public override int RetryCount => 0;

        public override int MaxRetryCount => 0;
    }

    private sealed class FeatureCollection : IInvocationFeatures
    {
        private readonly Dictionary<Type, object> _features = [];

        public void Set<T>(T instance) => _features[typeof(T)] = instance!;

        public T? Get<T>() => _features.TryGetValue(typeof(T), out var feature) ? (T)feature : default;

        public IEnumerator<KeyValuePair<Type, object>> GetEnumerator() => _features.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
