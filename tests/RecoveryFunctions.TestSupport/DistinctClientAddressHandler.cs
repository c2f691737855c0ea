using System.Threading;

namespace RecoveryFunctions.TestSupport;

/// <summary>
/// Plays the trusted front end (<see cref="LocalHostFixture.TrustedFrontEnd"/>): gives each request its own
/// client address in X-Forwarded-For, as a proxy appends it, unless the test sets one, so per-IP limits apply
/// per test instead of across the whole suite sharing 127.0.0.1.
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
