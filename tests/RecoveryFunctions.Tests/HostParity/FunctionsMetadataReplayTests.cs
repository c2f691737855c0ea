using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker.Core.FunctionMetadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RecoveryFunctions.Hosting;
using RecoveryFunctions.HostSubstitute;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.HostParity;

/// <summary>
/// Replays the <c>functions.metadata</c> the Worker SDK generates (the file the Functions host indexes from)
/// against the running local host: the same functions, entry points, triggers with every property the
/// host would honour (routes, methods, auth levels, queue names and connections, timer schedules), the
/// same output bindings, and over HTTP every declared route and method answered by its function while any
/// other method gets the host's empty 404. Any drift fails. The file is read from the build output: the SDK
/// writes it once to obj/ and both <c>dotnet build</c> and <c>dotnet publish</c> copy that same file
/// (checked byte for byte), so no publish is needed per run.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed partial class FunctionsMetadataReplayTests(LocalHostFixture host)
{
    private static readonly JsonArray Published = (JsonArray)JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")))!;

    /// <summary>Function-level keys the local host reproduces (a "retry" policy, for one, it does not).</summary>
    private static readonly string[] FunctionKeys = ["name", "scriptFile", "entryPoint", "language", "properties", "bindings"];

    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH"];

    public static TheoryData<string> PublishedFunctions() => [.. Published.Select(f => f!["name"]!.GetValue<string>())];

    [Fact]
    public void Metadata_Functions_AreExactlyTheLocalHostsFunctions()
    {
        Assert.Equal(
            Published.Select(f => f!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal),
            host.Host.Functions.Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(PublishedFunctions))]
    public void Metadata_Function_ServedWithTheSameEntryPointTriggerAndOutputs(string name)
    {
        var published = Published.Single(f => f!["name"]!.GetValue<string>() == name)!.AsObject();
        var local = host.Host.Functions.Single(f => f.Name == name);
        var definition = new LocalFunctionContext(local, host.Host.Services, httpContext: null, CancellationToken.None).FunctionDefinition;

        Assert.All(published.Select(p => p.Key), key => Assert.Contains(key, FunctionKeys));
        Assert.Equal(published["entryPoint"]!.GetValue<string>(), definition.EntryPoint);
        Assert.Equal(published["scriptFile"]!.GetValue<string>(), Path.GetFileName(definition.PathToAssembly));

        var bindings = published["bindings"]!.AsArray().Select(b => b!.AsObject()).ToList();
        var trigger = Assert.Single(bindings, b => b["type"]!.GetValue<string>().EndsWith("Trigger", StringComparison.Ordinal));
        Assert.Equal(trigger["name"]!.GetValue<string>(), local.TriggerParameter);
        Assert.Equal(Serialized(ReproducedTrigger(local)), Serialized(Declared(trigger)));
        Assert.Equal(
            bindings.Where(b => b != trigger).Select(b => $"{b["name"]} {b["type"]} {b["direction"]}").Order(StringComparer.Ordinal),
            definition.InputBindings.Values.Concat(definition.OutputBindings.Values).Where(b => b.Name != local.TriggerParameter)
                .Select(b => $"{b.Name} {b.Type} {b.Direction}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Metadata_QueueAndTimerTriggers_ListenedAsTheHostResolvesThem()
    {
        var listened = host.Host.Services.GetServices<IHostedService>().ToList();
        foreach (var function in Published.Select(f => f!.AsObject()))
        {
            var name = function["name"]!.GetValue<string>();
            var trigger = function["bindings"]!.AsArray().Single(b => b!["direction"]!.GetValue<string>() == "In")!;
            var disabled = string.Equals(host.Host.App.Configuration[$"AzureWebJobs.{name}.Disabled"], "true", StringComparison.OrdinalIgnoreCase);
            if (disabled)
            {
                // The Functions host starts no trigger for a disabled function (it still runs through the admin endpoint).
                Assert.DoesNotContain(listened.OfType<TimerTriggerScheduler>(), t => t.Function.Name == name);
                Assert.DoesNotContain(listened.OfType<QueueTriggerListener>(), l => l.Function.Name == name);
                continue;
            }

            switch (trigger["type"]!.GetValue<string>())
            {
                case "queueTrigger":
                    var queue = BindingExpression.Resolve(trigger["queueName"]!.GetValue<string>(), host.Host.App.Configuration);
                    Assert.Contains(listened.OfType<QueueTriggerListener>(), l => l.Function.Name == name && l.QueueName == queue);
                    break;
                case "timerTrigger":
                    var schedule = BindingExpression.Resolve(trigger["schedule"]!.GetValue<string>(), host.Host.App.Configuration);
                    Assert.Contains(listened.OfType<TimerTriggerScheduler>(), t => t.Function.Name == name && t.Schedule == schedule);
                    break;
            }
        }
    }

    [Fact]
    public async Task Metadata_HttpRoutes_DeclaredMethodsReachTheFunctionOthersGetTheHostsEmpty404()
    {
        var routes = HttpTriggers().GroupBy(t => t.Route, StringComparer.OrdinalIgnoreCase);
        // Redirects not followed: a browser-navigation function (FranceConnect's callback) answers 303 to a front-end page.
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = host.Host.BaseAddress };
        foreach (var route in routes)
        {
            var path = "/api/" + RouteParameter().Replace(route.Key, "0000000000000");
            var declared = route.SelectMany(t => t.Methods).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var method in Methods)
            {
                using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
                var empty404 = response.StatusCode == HttpStatusCode.NotFound && (await response.Content.ReadAsByteArrayAsync()).Length == 0;
                Assert.True(declared.Contains(method) != empty404, $"{method} {path}: {(int)response.StatusCode}, declared: {string.Join(",", declared)}");
            }
        }
    }

    [Fact]
    public void Metadata_HttpRoutes_NoPathMatchesTwoFunctions()
    {
        // The host tries routes in function order, ASP.NET Core endpoint routing by precedence: the two agree
        // only while no path and method can match two functions.
        var triggers = HttpTriggers();
        foreach (var (a, i) in triggers.Select((t, i) => (t, i)))
        {
            foreach (var b in triggers.Skip(i + 1).Where(b => b.Methods.Intersect(a.Methods, StringComparer.OrdinalIgnoreCase).Any()))
            {
                Assert.False(Overlap(a.Route, b.Route), $"Routes '{a.Route}' ({a.Name}) and '{b.Route}' ({b.Name}) can match the same request.");
            }
        }
    }

    [Fact]
    public async Task Metadata_File_IsWhatTheWorkerReportsAtRunTime()
    {
        // With worker indexing the host asks the worker, which answers from the source-generated provider.
        var providerType = typeof(RecoveryServiceCollectionExtensions).Assembly.GetTypes().Single(t => t.Name == "GeneratedFunctionMetadataProvider");
        var provider = (IFunctionMetadataProvider)Activator.CreateInstance(providerType)!;

        var reported = await provider.GetFunctionMetadataAsync(AppContext.BaseDirectory);

        Assert.Equal(Published.Count, reported.Length);
        foreach (var function in reported)
        {
            var published = Published.Single(f => f!["name"]!.GetValue<string>() == function.Name)!;
            Assert.Equal(published["entryPoint"]!.GetValue<string>(), function.EntryPoint);
            Assert.Equal(
                published["bindings"]!.AsArray().Select(b => Serialized(Declared(b!.AsObject(), keepName: true))).Order(StringComparer.Ordinal),
                function.RawBindings!.Select(raw => Serialized(Declared(JsonNode.Parse(raw)!.AsObject(), keepName: true))).Order(StringComparer.Ordinal));
        }
    }

    private static List<(string Name, string Route, string[] Methods)> HttpTriggers()
        => [.. Published.Select(f => f!.AsObject())
            .Select(f => (Name: f["name"]!.GetValue<string>(), Trigger: f["bindings"]!.AsArray().Single(b => b!["direction"]!.GetValue<string>() == "In")!))
            .Where(f => f.Trigger["type"]!.GetValue<string>() == "httpTrigger")
            .Select(f => (f.Name, f.Trigger["route"]?.GetValue<string>() ?? f.Name,
                f.Trigger["methods"]?.AsArray().Select(m => m!.GetValue<string>().ToUpperInvariant()).ToArray() ?? Methods))];

    /// <summary>What a binding declares, without what the host derives or the worker keeps for itself.</summary>
    private static SortedDictionary<string, string> Declared(JsonObject binding, bool keepName = false)
        => new(binding.Where(p => p.Key is not ("properties" or "direction") && (keepName || p.Key != "name"))
            .ToDictionary(p => p.Key, p => p.Key == "methods" ? p.Value!.ToJsonString().ToUpperInvariant() : p.Value!.ToJsonString()), StringComparer.Ordinal);

    /// <summary>The trigger properties the local host reproduces, in functions.metadata's form.</summary>
    private static SortedDictionary<string, string> ReproducedTrigger(FunctionDescriptor function)
    {
        var reproduced = new JsonObject();
        switch (function.Trigger)
        {
            case TriggerKind.Http:
                reproduced["type"] = "httpTrigger";
                reproduced["authLevel"] = function.AuthLevel.ToString();
                if (function.HttpMethods is { } methods)
                {
                    reproduced["methods"] = new JsonArray([.. methods.Select(m => JsonValue.Create(m))]);
                }

                reproduced["route"] = function.Route;
                break;
            case TriggerKind.Queue:
                reproduced["type"] = "queueTrigger";
                reproduced["queueName"] = function.QueueName;
                if (function.Connection is { } connection)
                {
                    reproduced["connection"] = connection;
                }

                break;
            case TriggerKind.Timer:
                reproduced["type"] = "timerTrigger";
                reproduced["schedule"] = function.Schedule;
                break;
        }

        return Declared(reproduced);
    }

    private static string Serialized(SortedDictionary<string, string> binding) => string.Join("; ", binding.Select(p => $"{p.Key}={p.Value}"));

    private static bool Overlap(string a, string b)
    {
        var left = a.Split('/');
        var right = b.Split('/');
        return left.Length == right.Length && left.Zip(right).All(p => p.First.StartsWith('{') || p.Second.StartsWith('{') || string.Equals(p.First, p.Second, StringComparison.OrdinalIgnoreCase));
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
