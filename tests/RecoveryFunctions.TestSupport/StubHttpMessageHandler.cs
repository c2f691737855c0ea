using System.Collections.Concurrent;

namespace RecoveryFunctions.TestSupport;

/// <summary>Answers HTTP requests from a test-supplied function and records each request (no network).</summary>
public sealed class StubHttpMessageHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
{
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(new RecordedRequest(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString()));
        return Task.FromResult(respond(request));
    }
}
