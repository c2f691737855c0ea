using System.Net;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.EndToEnd;

/// <summary>The host with per-IP limits of 3, behind the test's trusted front end (<see cref="LocalHostFixture.TrustedFrontEnd"/>).</summary>
public sealed class SmallPerIpLimitsFixture : LocalHostFixture
{
    public const int Limit = 3;

    protected override IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>
    {
        ["Captcha:Mode"] = "AlwaysPass",
        ["Throttling:RecoveryPerIpPerHour"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Throttling:CaptchasPerIpPerHour"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>
/// The client address of the per-IP limits (contract §4) over real sockets: only the socket peer counts unless that
/// peer is a trusted proxy, and then only the configured number of X-Forwarded-For hops; whatever a client writes
/// further left, or writes at all when it connects directly, is ignored.
/// </summary>
public sealed class ClientAddressTests(SmallPerIpLimitsFixture host) : IClassFixture<SmallPerIpLimitsFixture>
{
    private const int Limit = SmallPerIpLimitsFixture.Limit;

    public static readonly TheoryData<string> PerIpSteps = new() { "identify", "captcha", "username-recovery" };

    [Theory]
    [MemberData(nameof(PerIpSteps))]
    public async Task PerIpLimit_RotatingForwardedForFromOneUntrustedSocket_NeverPasses(string step)
    {
        using var client = LoopbackSource.Client(host.Host.BaseAddress, LoopbackSource.NewAddress());
        using var other = LoopbackSource.Client(host.Host.BaseAddress, LoopbackSource.NewAddress());

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Limit + 5; i++)
        {
            using var response = await SendAsync(client, step, forwardedFor: $"203.0.113.{i + 1}, 198.51.100.{i + 1}");
            statuses.Add(response.StatusCode);
        }

        using var fromOtherSocket = await SendAsync(other, step, forwardedFor: "203.0.113.1");

        Assert.All(statuses.Take(Limit), s => Assert.NotEqual(HttpStatusCode.TooManyRequests, s));
        Assert.All(statuses.Skip(Limit), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, fromOtherSocket.StatusCode);
    }

    [Theory]
    [MemberData(nameof(PerIpSteps))]
    public async Task PerIpLimit_TrustedProxyChain_CountsTheHopTheProxiesAppended(string step)
    {
        // 127.0.0.1 is the trusted front end and 198.51.100.0/24 an inner proxy: two hops back is the client,
        // whatever the client itself wrote to the left of them.
        // Each step counts in its own scope, so these two addresses are fresh for each case of this fixture.
        const string client = "192.0.2.10";
        const string neighbour = "192.0.2.11";

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Limit + 3; i++)
        {
            using var response = await SendAsync(host.Client, step, forwardedFor: $"10.9.{i}.1, {client}:{50000 + i}, 198.51.100.{i + 1}");
            statuses.Add(response.StatusCode);
        }

        using var fromNeighbour = await SendAsync(host.Client, step, forwardedFor: $"10.9.0.1, {neighbour}, 198.51.100.1");

        Assert.All(statuses.Take(Limit), s => Assert.NotEqual(HttpStatusCode.TooManyRequests, s));
        Assert.All(statuses.Skip(Limit), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, fromNeighbour.StatusCode);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string step, string forwardedFor)
    {
        var (path, body) = step switch
        {
            "identify" => ("/api/password-recovery", (object?)new { email = Journeys.NewEmail("ip"), captchaId = "any", captchaText = "any" }),
            "captcha" => ("/api/captchas", new { purpose = "password-recovery" }),
            "username-recovery" => ("/api/username-recovery", new { subscriberNumber = SubscriberNumber.Generate(), captchaId = "any", captchaText = "any" }),
            _ => throw new ArgumentOutOfRangeException(nameof(step)),
        };
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return SendAndDisposeAsync(client, request);
    }

    private static async Task<HttpResponseMessage> SendAndDisposeAsync(HttpClient client, HttpRequestMessage request)
    {
        using (request)
        {
            return await client.SendAsync(request);
        }
    }
}
