using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Functions;
using RecoveryFunctions.Hosting;
using RecoveryFunctions.HostSubstitute;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.HostParity;

/// <summary>
/// The app's worker middleware (<c>UseRecoveryMiddleware</c>, what Program.cs registers) turns an exception
/// escaping an HTTP function into the problem+json 500, and lets non-HTTP failures through to the host's
/// retries. Proved through the local host, which runs the same middleware with a worker-shaped FunctionContext.
/// </summary>
public sealed class WorkerMiddlewareTests(WorkerMiddlewareTests.FailingFunctionFixture host) : IClassFixture<WorkerMiddlewareTests.FailingFunctionFixture>
{
    private const string Detail = "connection string AccountKey=do-not-leak";

    [Fact]
    public async Task FunctionThrows_ProblemInternalErrorWithTraceIdAndNoInternals()
    {
        using var response = await host.Client.GetAsync("/api/test/failing");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("internal-error", await response.ProblemCodeAsync());
        var body = await response.JsonAsync();
        Assert.Equal(500, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("traceId").GetString()));
        Assert.Equal("Erreur interne", body.GetProperty("title").GetString());
        Assert.DoesNotContain("AccountKey", text, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), text, StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Contains(host.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains(nameof(FailingFunction), StringComparison.Ordinal) && l.Contains(body.GetProperty("traceId").GetString()!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FunctionThrows_EnglishOnRequest()
    {
        using var response = await host.Client.SendJsonAsync(HttpMethod.Get, "/api/test/failing", null, language: "en");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("Internal error", (await response.JsonAsync()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task QueueFunctionThrows_ExceptionReachesTheHost()
    {
        var (pipeline, provider, context) = QueueInvocation();
        await using var _ = provider;

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => pipeline.RunAsync(context, () => throw new InvalidOperationException(Detail)));

        Assert.Equal(Detail, thrown.Message);
    }

    [Fact]
    public void LocalFunctionContext_HttpInvocation_ExposesHttpContextAsTheAspNetCoreIntegration()
    {
        var http = new DefaultHttpContext();
        var function = FunctionCatalog.Discover([typeof(FailingFunction)]).Single();

        var context = new LocalFunctionContext(function, new ServiceCollection().BuildServiceProvider(), http, CancellationToken.None);

        Assert.Same(http, context.GetHttpContext());
        Assert.Equal("httpTrigger", context.FunctionDefinition.InputBindings["request"].Type);
    }

    /// <summary>The app's worker pipeline, as the local host builds it, and an invocation of the queue function.</summary>
    private static (LocalWorkerPipeline Pipeline, ServiceProvider Provider, LocalFunctionContext Context) QueueInvocation()
    {
        var services = new ServiceCollection().AddLogging();
        var pipeline = new LocalWorkerPipeline(services);
        pipeline.UseRecoveryMiddleware();
        var provider = services.BuildServiceProvider();
        var queueFunction = FunctionCatalog.Discover(typeof(SendEmailFunction).Assembly).First(f => f.Trigger == TriggerKind.Queue);
        return (pipeline, provider, new LocalFunctionContext(queueFunction, provider, httpContext: null, CancellationToken.None));
    }

    /// <summary>A function that exists only in the tests; the local host serves it through the app's worker pipeline.</summary>
    public sealed class FailingFunction
    {
        [Function(nameof(FailingFunction))]
        public Task<IResult> RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "test/failing")] HttpRequest request)
            => throw new InvalidOperationException(Detail);
    }

    public sealed class FailingFunctionFixture : LocalHostFixture
    {
        protected override IReadOnlyList<Type> AdditionalFunctionClasses => [typeof(FailingFunction)];
    }
}
