using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace RecoveryFunctions.Http;

/// <summary>
/// The caller's IP for per-IP throttles, from what the platform vouches for only. The start is the socket
/// peer the function sees (<see cref="ConnectionInfo.RemoteIpAddress"/>): on the local host Kestrel's peer; in
/// Azure the worker's own forwarded-headers step has already replaced the Functions host's loopback address by
/// the hop App Service's front end appended, i.e. whoever connected to the platform. Forwarding headers are
/// then believed only when that peer is a configured trusted proxy (<see cref="ClientAddressOptions"/>), and
/// only as far as the configured hop count: entries further left are what the client wrote.
/// </summary>
internal static class ClientAddress
{
    public const string ForwardedForHeader = "X-Forwarded-For";

    public static string Of(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var peer = request.HttpContext.Connection.RemoteIpAddress;
        if (peer is null)
        {
            return "unknown";
        }

        var options = request.HttpContext.RequestServices?.GetService<IOptions<ClientAddressOptions>>()?.Value;
        var address = options is null ? Normalise(peer) : Resolve(Normalise(peer), request.Headers, options);
        return address.ToString();
    }

    internal static IPAddress Normalise(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static IPAddress Resolve(IPAddress peer, IHeaderDictionary headers, ClientAddressOptions options)
    {
        if (options.Networks.Count == 0 || !options.IsTrusted(peer))
        {
            return peer;
        }

        if (options.ClientIpHeader is { } name)
        {
            // The proxy overwrites this header, so exactly one well-formed value is expected; anything else keeps the proxy's address.
            var values = headers[name];
            return values.Count == 1 && TryParse(values[0], out var client) ? client : peer;
        }

        var entries = headers[ForwardedForHeader].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries)).ToList();
        var address = peer;
        for (var hop = 0; hop < options.ForwardedHops && entries.Count > 0 && options.IsTrusted(address); hop++)
        {
            if (!TryParse(entries[^1], out var next))
            {
                break;
            }

            entries.RemoveAt(entries.Count - 1);
            address = next;
        }

        return address;
    }

    /// <summary>An address as proxies write it: <c>203.0.113.7</c>, <c>203.0.113.7:52311</c> (App Service), <c>[2001:db8::1]:443</c>.</summary>
    private static bool TryParse(string? value, out IPAddress address)
    {
        if (IPEndPoint.TryParse(value ?? "", out var endpoint))
        {
            address = Normalise(endpoint.Address);
            return true;
        }

        address = IPAddress.None;
        return false;
    }
}
