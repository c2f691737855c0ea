using System.Net;
using RecoveryFunctions.Core.Secrets;
using RecoveryFunctions.DevServices.Azurite;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.EndToEnd;

/// <summary>
/// The throttle cache not answering (docs/decisions/0008-throttles-in-a-cache.md): every throttled step fails closed with
/// a 503 problem of a stable code, never a 500 and never a request let through uncounted; the health endpoint says which
/// dependency is down. The host is the real one, its cache connection pointed at a loopback port nothing listens on.
/// </summary>
public sealed class CacheOutageTests(CacheOutageTests.DeadCacheFixture host) : IClassFixture<CacheOutageTests.DeadCacheFixture>
{
    public sealed class DeadCacheFixture : LocalHostFixture
    {
        private readonly string _deadPort = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);

        protected override IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>(base.Overrides)
        {
            [$"Secrets:Values:{SecretNames.ThrottleCacheConnection}"] = "127.0.0.1:" + _deadPort,
            ["Throttling:CacheTimeout"] = "00:00:00.500",
        };
    }

    [Theory]
    [InlineData("password-recovery")]
    [InlineData("username-recovery")]
    public async Task Captcha_CacheDown_503ServiceUnavailableNothingIssued(string purpose)
    {
        using var response = await host.Client.CreateCaptchaAsync(purpose);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("service-unavailable", await response.ProblemCodeAsync());
    }

    [Fact]
    public async Task SignIn_CacheDown_503NotLetThrough()
    {
        using var response = await host.Client.PostJsonAsync("/api/sessions", new { email = "personne@example.fr", password = "Cerisier-Bleu-4821" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("service-unavailable", await response.ProblemCodeAsync());
    }

    [Fact]
    public async Task Health_CacheDown_503NamingTheCache()
    {
        using var response = await host.Client.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("degraded", body.GetProperty("status").GetString());
        Assert.Equal("unavailable", body.GetProperty("cache").GetString());
        Assert.Equal("ok", body.GetProperty("storage").GetString());
    }
}
