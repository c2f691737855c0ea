using System.Net;
using System.Net.Sockets;

namespace RecoveryFunctions.Core.Throttling;

/// <summary>One counter to hit: what is counted (scope), for whom (key, never stored in clear), and its limit.</summary>
public sealed record ThrottleCounter(string Scope, string Key, int Limit)
{
    /// <summary>
    /// Counted over a sliding window (this window plus the weighted previous one), so no burst across a boundary
    /// doubles the limit. Off for counters whose refusal announces a fixed end (the sign-in lock's "until").
    /// </summary>
    public bool Sliding { get; init; }

    /// <summary>A per-client counter: keyed by the client's <see cref="Network"/>, so every per-IP limit groups alike.</summary>
    public static ThrottleCounter ForClient(string scope, string clientAddress, int limit) => new(scope, Network(clientAddress), limit);

    /// <summary>
    /// The network a per-client throttle counts: an IPv6 client changes its interface identifier (privacy
    /// addresses) but keeps its /64 network; an IPv4 address (an IPv4-mapped one included) is its own network.
    /// </summary>
    public static string Network(string clientAddress)
    {
        if (!IPAddress.TryParse(clientAddress, out var address))
        {
            return clientAddress;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6
            ? Convert.ToHexStringLower(address.GetAddressBytes().AsSpan(0, 8)) + "::/64"
            : address.ToString();
    }
}
