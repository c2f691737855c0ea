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

    /// <summary>
    /// How many rows the count is spread over (docs/security/shared-addresses.md): a burst from one shared address
    /// writes to different rows instead of queueing on one. Each row has a share of the limit (<see cref="SlidingWindow.Quota"/>),
    /// so the sum never passes the limit.
    /// </summary>
    public int Shards { get; init; } = 1;

    /// <summary>Rows a per-client count is spread over: enough that 50 requests at once rarely meet on one.</summary>
    public const int ClientShards = 16;

    /// <summary>A per-client counter: keyed by the client's <see cref="Network"/>, so every per-IP limit groups alike; sharded.</summary>
    public static ThrottleCounter ForClient(string scope, string clientAddress, int limit) => new(scope, Network(clientAddress), limit) { Shards = ClientShards };

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
