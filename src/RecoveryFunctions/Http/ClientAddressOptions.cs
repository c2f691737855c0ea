using System.Net;
using RecoveryFunctions.Core.Options;

namespace RecoveryFunctions.Http;

/// <summary>
/// Which forwarding information the per-IP throttles may believe (section <c>ClientAddress</c>). Nothing
/// configured means the socket peer the platform hands the function, which a client cannot choose.
/// </summary>
public sealed class ClientAddressOptions
{
    public const string SectionName = "ClientAddress";
    public const int MaxForwardedHops = 5;

    private IReadOnlyList<IPNetwork>? _networks;

    /// <summary>Addresses or CIDR ranges of the proxies in front of the app (e.g. Azure Front Door's back-end ranges).</summary>
    public string[] TrustedProxies { get; set; } = [];

    /// <summary>How many X-Forwarded-For entries, from the right, trusted proxies append (0: ignore the header).</summary>
    public int ForwardedHops { get; set; }

    /// <summary>A header a trusted proxy sets to the client's address, overwriting what the client sent (e.g. <c>X-Azure-SocketIP</c>).</summary>
    public string? ClientIpHeader { get; set; }

    internal IReadOnlyList<IPNetwork> Networks => _networks ??= [.. TrustedProxies.Select(p => ParseNetwork(p) ?? throw new InvalidOperationException($"{SectionName}:TrustedProxies holds an invalid entry."))];

    internal bool IsTrusted(IPAddress address) => Networks.Any(n => n.Contains(address));

    internal static IPNetwork? ParseNetwork(string? value)
    {
        var text = value?.Trim();
        if (IPAddress.TryParse(text, out var single) && !text!.Contains('/', StringComparison.Ordinal))
        {
            single = ClientAddress.Normalise(single);
            return new IPNetwork(single, single.GetAddressBytes().Length * 8);
        }

        return IPNetwork.TryParse(text, out var network) ? network : null;
    }
}

/// <summary>Refuses, at start-up and naming the key, a setting that would let a client choose its own address.</summary>
internal sealed class ClientAddressOptionsValidator() : OptionsValidator<ClientAddressOptions>(ClientAddressOptions.SectionName)
{
    protected override void Check(ClientAddressOptions options, List<string> failures)
    {
        const string Section = ClientAddressOptions.SectionName;
        if (options.TrustedProxies.FirstOrDefault(p => ClientAddressOptions.ParseNetwork(p) is null) is { } bad)
        {
            failures.Add($"{Section}:TrustedProxies: '{bad}' is neither an IP address nor a CIDR range (e.g. '147.243.0.0/16').");
            return;
        }

        if (options.ForwardedHops is < 0 or > ClientAddressOptions.MaxForwardedHops)
        {
            failures.Add($"{Section}:ForwardedHops must be between 0 and {ClientAddressOptions.MaxForwardedHops} (got {options.ForwardedHops}).");
            return;
        }

        var header = options.ClientIpHeader;
        if (header is not null && (header.Length == 0 || !header.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            failures.Add($"{Section}:ClientIpHeader must be a header name of letters, digits and '-' (got '{header}').");
            return;
        }

        if (string.Equals(header, "X-Forwarded-For", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{Section}:ClientIpHeader cannot be X-Forwarded-For, to which clients add what they like: set {Section}:ForwardedHops instead.");
            return;
        }

        if ((options.ForwardedHops > 0 || header is not null) && options.TrustedProxies.Length == 0)
        {
            failures.Add($"{Section}:ForwardedHops and {Section}:ClientIpHeader need {Section}:TrustedProxies: forwarding headers are believed only from a trusted proxy.");
        }
    }
}
