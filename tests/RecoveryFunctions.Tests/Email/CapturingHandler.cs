using System.Net;

namespace RecoveryFunctions.Tests.Email;

/// <summary>An HTTP handler that records every request (URI and headers) and answers with a scripted response (202 by default).</summary>
internal sealed class CapturingHandler(Func<HttpRequestMessage, HttpResponseMessage>? respond = null) : HttpMessageHandler
{
    public List<Uri> RequestUris { get; } = [];

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        RequestUris.Add(request.RequestUri!);
        foreach (var header in request.Headers)
        {
            Headers[header.Key] = string.Join(",", header.Value);
        }

        return Task.FromResult(respond?.Invoke(request) ?? new HttpResponseMessage(HttpStatusCode.Accepted));
    }
}
