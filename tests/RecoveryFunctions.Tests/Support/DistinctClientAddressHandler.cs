using System.Threading;

namespace RecoveryFunctions.Tests.Support;

/// <summary>
/// Gives each request its own client address (X-Forwarded-For, as Azure's front ends add it) unless the test
/// sets one, so per-IP limits apply per test instead of across the whole suite sharing 127.0.0.1.
/// </summary>
public sealed class DistinctClientAddressHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private static int _next;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Headers.Contains("X-Forwarded-For"))
        {
            var n = Interlocked.Increment(ref _next);
            request.Headers.Add("X-Forwarded-For", $"198.18.{(n >> 8) & 0xFF}.{n & 0xFF}");
        }

        return base.SendAsync(request, cancellationToken);
    }
}
