using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Http;

namespace RecoveryFunctions.Tests.Http;

/// <summary>
/// What <see cref="ClientAddress"/> believes, for each documented Azure shape: App Service's front end
/// (<c>ip:port</c> appended to X-Forwarded-For, <c>CLIENT-IP</c> overwritten), Front Door (<c>X-Azure-SocketIP</c>,
/// its socket IP appended to X-Forwarded-For), and nothing configured.
/// </summary>
public sealed class ClientAddressResolutionTests
{
    private const string FrontDoor = "147.243.0.0/16";

    [Fact]
    public void Of_NothingConfigured_SocketPeerWhateverTheHeaders()
    {
        var request = Request("203.0.113.5", new ClientAddressOptions(), ("X-Forwarded-For", "198.51.100.1"), ("CLIENT-IP", "198.51.100.2:1234"), ("X-Azure-SocketIP", "198.51.100.3"));

        Assert.Equal("203.0.113.5", ClientAddress.Of(request));
    }

    [Fact]
    public void Of_IPv4MappedPeer_PlainIPv4()
        => Assert.Equal("203.0.113.5", ClientAddress.Of(Request("::ffff:203.0.113.5", new ClientAddressOptions())));

    [Fact]
    public void Of_UntrustedPeerWithHopsConfigured_SocketPeer()
    {
        var options = new ClientAddressOptions { TrustedProxies = [FrontDoor], ForwardedHops = 1 };

        Assert.Equal("203.0.113.5", ClientAddress.Of(Request("203.0.113.5", options, ("X-Forwarded-For", "198.51.100.1"))));
    }

    [Theory]
    [InlineData("192.0.2.7", "192.0.2.7")]
    [InlineData("192.0.2.7:50123", "192.0.2.7")]
    [InlineData("10.0.0.1, 192.0.2.7:50123", "192.0.2.7")]
    [InlineData("[2001:db8::7]:443", "2001:db8::7")]
    [InlineData("2001:db8::7", "2001:db8::7")]
    [InlineData("pas-une-adresse", "147.243.1.1")]
    [InlineData("", "147.243.1.1")]
    public void Of_FrontDoorOneHop_LastEntryItAppended(string forwardedFor, string expected)
    {
        var options = new ClientAddressOptions { TrustedProxies = [FrontDoor], ForwardedHops = 1 };

        Assert.Equal(expected, ClientAddress.Of(Request("147.243.1.1", options, ("X-Forwarded-For", forwardedFor))));
    }

    [Fact]
    public void Of_TwoHopsButSecondNotTrusted_StopsAtTheFirstUntrustedHop()
    {
        var options = new ClientAddressOptions { TrustedProxies = [FrontDoor], ForwardedHops = 2 };

        // 192.0.2.7 is not a proxy we trust, so what it claims (10.0.0.1) is not believed.
        Assert.Equal("192.0.2.7", ClientAddress.Of(Request("147.243.1.1", options, ("X-Forwarded-For", "10.0.0.1, 192.0.2.7"))));
    }

    [Fact]
    public void Of_RepeatedForwardedForHeaders_ReadAsOneList()
    {
        var options = new ClientAddressOptions { TrustedProxies = [FrontDoor], ForwardedHops = 1 };
        var request = Request("147.243.1.1", options);
        request.Headers.Append("X-Forwarded-For", "10.0.0.1");
        request.Headers.Append("X-Forwarded-For", "192.0.2.7");

        Assert.Equal("192.0.2.7", ClientAddress.Of(request));
    }

    [Theory]
    [InlineData("X-Azure-SocketIP", "192.0.2.7", "192.0.2.7")]
    [InlineData("CLIENT-IP", "192.0.2.7:50123", "192.0.2.7")]
    [InlineData("CLIENT-IP", "not-an-ip", "147.243.1.1")]
    public void Of_ClientIpHeaderFromTrustedProxy_HeaderValue(string header, string value, string expected)
    {
        var options = new ClientAddressOptions { TrustedProxies = [FrontDoor], ClientIpHeader = header };

        Assert.Equal(expected, ClientAddress.Of(Request("147.243.1.1", options, (header, value), ("X-Forwarded-For", "10.0.0.1"))));
    }

    [Fact]
    public void Of_ClientIpHeaderFromUntrustedPeer_Ignored()
    {
        var options = new ClientAddressOptions { TrustedProxies = [FrontDoor], ClientIpHeader = "X-Azure-SocketIP" };

        Assert.Equal("203.0.113.5", ClientAddress.Of(Request("203.0.113.5", options, ("X-Azure-SocketIP", "192.0.2.7"))));
    }

    [Theory]
    [InlineData(new[] { "not-an-ip" }, 0, null, "TrustedProxies")]
    [InlineData(new string[0], 1, null, "ForwardedHops and")]
    [InlineData(new string[0], 0, "X-Azure-SocketIP", "ClientIpHeader need")]
    [InlineData(new[] { "10.0.0.0/8" }, 6, null, "ForwardedHops must")]
    [InlineData(new[] { "10.0.0.0/8" }, 0, "X-Forwarded-For", "ClientIpHeader cannot")]
    [InlineData(new[] { "10.0.0.0/8" }, 0, "Bad Header", "ClientIpHeader must")]
    public void Validate_SettingThatWouldTrustTheClient_FailsNamingTheKey(string[] proxies, int hops, string? header, string expected)
    {
        var result = new ClientAddressOptionsValidator().Validate(null, new ClientAddressOptions { TrustedProxies = proxies, ForwardedHops = hops, ClientIpHeader = header });

        Assert.True(result.Failed);
        Assert.Contains("ClientAddress:" + expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AddressesRangesAndHops_Succeeds()
    {
        var options = new ClientAddressOptions { TrustedProxies = ["127.0.0.1", "::1", "147.243.0.0/16", "2a01:111:2050::/44"], ForwardedHops = 2 };

        Assert.True(new ClientAddressOptionsValidator().Validate(null, options).Succeeded);
    }

    private static HttpRequest Request(string peer, ClientAddressOptions options, params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddSingleton(Options.Create(options)).BuildServiceProvider(),
        };
        context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        return context.Request;
    }
}
