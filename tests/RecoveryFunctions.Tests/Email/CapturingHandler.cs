using System.Net;

namespace RecoveryFunctions.Tests.Email;

/// <summary>An HTTP handler that records the last request's headers and answers 202.</summary>
internal sealed class CapturingHandler : HttpMessageHandler
{
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Uri? RequestUri { get; private set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        RequestUri = request.RequestUri;
        foreach (var header in request.Headers)
        {
            Headers[header.Key] = string.Join(",", header.Value);
        }

        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.Accepted));
    }
}
