using System.Net;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RecoveryFunctions.DevServices.Azurite;
using RecoveryFunctions.HostSubstitute;
using RecoveryFunctions.LocalHost;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.HostParity;

/// <summary>
/// What the Functions host and its platform answer around the functions, through the local host: CORS as
/// the host's CORS middleware applies <c>siteConfig.cors</c> on Flex Consumption (and Core Tools applies
/// <c>Host.CORS</c>), unknown routes and methods as the host's method-constrained router, the home page as
/// deployed. Expected CORS headers come from ASP.NET Core's <see cref="CorsService"/> run on the policy the
/// host builds (<c>CorsOptionsSetup</c>: the listed origins, any header, any method), not from the local host.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class PlatformHttpTests(LocalHostFixture host)
{
    private const string OtherOrigin = "https://evil.example";

    private string ConfiguredOrigin => HostCorsSettings.From(host.Host.App.Configuration).Origins[0];

    [Fact]
    public async Task Preflight_ConfiguredOrigin_AnsweredAsPlatformCorsBeforeTheFunction()
    {
        using var response = await host.Client.SendAsync(Preflight("/api/sessions", ConfiguredOrigin));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(ConfiguredOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(PlatformCorsHeaders(ConfiguredOrigin, preflight: true), CorsHeaders(response));
        Assert.Equal(0, response.Content.Headers.ContentLength ?? 0);
    }

    [Fact]
    public async Task Preflight_OtherOrigin_NoCorsHeaders()
    {
        using var response = await host.Client.SendAsync(Preflight("/api/sessions", OtherOrigin));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.DoesNotContain(CorsHeaders(response).Keys, name => name.StartsWith("access-control-", StringComparison.Ordinal));
        Assert.Equal(PlatformCorsHeaders(OtherOrigin, preflight: true), CorsHeaders(response));
    }

    [Fact]
    public async Task Preflight_UnknownRoute_AnsweredBeforeRouting()
    {
        using var response = await host.Client.SendAsync(Preflight("/api/nothing-here", ConfiguredOrigin));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(PlatformCorsHeaders(ConfiguredOrigin, preflight: true), CorsHeaders(response));
    }

    [Fact]
    public async Task CrossOriginRequest_ConfiguredOrigin_FunctionResponseCarriesAllowOrigin()
    {
        using var response = await host.Client.SendAsync(CrossOrigin("/api/security-questions", ConfiguredOrigin));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ConfiguredOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(PlatformCorsHeaders(ConfiguredOrigin, preflight: false), CorsHeaders(response));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task CrossOriginRequest_OtherOrigin_ServedWithoutCorsHeaders()
    {
        using var response = await host.Client.SendAsync(CrossOrigin("/api/security-questions", OtherOrigin));

        // The function runs (CORS is the browser's to enforce); without Allow-Origin the page cannot read it.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(PlatformCorsHeaders(OtherOrigin, preflight: false), CorsHeaders(response));
    }

    [Fact]
    public void LocalCors_Sample_HostCorsIncludesTheFrontEndWithoutCredentials()
    {
        var sample = Configuration(HostCorsSettings.ReadHostSection(Path.Combine(RepositoryRoot.Find(), "local.settings.sample.json")));

        Assert.Contains("http://localhost:5173", HostCorsSettings.From(sample).Origins);
        Assert.False(HostCorsSettings.From(sample).SupportCredentials);
    }

    [Fact]
    public void LocalCors_DeveloperLocalSettings_WinOverTheSample()
    {
        var root = Directory.CreateTempSubdirectory("parity-root-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "src", "RecoveryFunctions"));
            File.WriteAllText(Path.Combine(root, "local.settings.sample.json"), """{"Host":{"CORS":"http://localhost:5173"}}""");
            File.WriteAllText(Path.Combine(root, "src", "RecoveryFunctions", "local.settings.json"), """{"Host":{"CORS":"http://a.test, http://b.test","CORSCredentials":true}}""");

            var settings = HostCorsSettings.From(Configuration(HostCorsSettings.LoadLocalSettings(root)));

            Assert.Equal(["http://a.test", "http://b.test"], settings.Origins);
            Assert.True(settings.SupportCredentials);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task UnknownRoute_EmptyNotFoundAsTheFunctionsHost()
    {
        using var response = await host.Client.GetAsync("/api/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task DeclaredRouteUndeclaredMethod_EmptyNotFoundNever405()
    {
        using var get = await host.Client.GetAsync("/api/sessions");
        using var patch = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, "/api/health"));

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Empty(await get.Content.ReadAsByteArrayAsync());
        Assert.False(get.Content.Headers.Contains("Allow"));
        Assert.Equal(HttpStatusCode.NotFound, patch.StatusCode);
        Assert.Empty(await patch.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task AdminInvoke_UnknownFunction_EmptyNotFoundAsTheHostsAdminApi()
    {
        using var response = await host.Client.PostAsync(new Uri("/admin/functions/NoSuchFunction", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Homepage_DisabledAsDeployed_NoContent()
    {
        using var response = await host.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("true", host.Host.App.Configuration["AzureWebJobsDisableHomepage"]);
    }

    private static HttpRequestMessage Preflight(string path, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,authorization,x-assistance-reason");
        return request;
    }

    private static HttpRequestMessage CrossOrigin(string path, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Origin", origin);
        return request;
    }

    /// <summary>Access-Control-* and Vary headers of a response, names lower-cased.</summary>
    private static SortedDictionary<string, string> CorsHeaders(HttpResponseMessage response)
        => new(response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase) || h.Key.Equals("Vary", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value)));

    /// <summary>The headers the Functions host's CORS middleware sends for this request with the configured list.</summary>
    private SortedDictionary<string, string> PlatformCorsHeaders(string origin, bool preflight)
    {
        var settings = HostCorsSettings.From(host.Host.App.Configuration);
        var policy = new CorsPolicyBuilder([.. settings.Origins]).AllowAnyHeader().AllowAnyMethod().Build();
        var context = new DefaultHttpContext();
        context.Request.Method = preflight ? "OPTIONS" : "GET";
        context.Request.Headers.Origin = origin;
        if (preflight)
        {
            context.Request.Headers.AccessControlRequestMethod = "POST";
            context.Request.Headers.AccessControlRequestHeaders = "content-type,authorization,x-assistance-reason";
        }

        var cors = new CorsService(Options.Create(new CorsOptions()), NullLoggerFactory.Instance);
        cors.ApplyResult(cors.EvaluatePolicy(context, policy), context.Response);
        return new(context.Response.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value.ToArray())));
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values)
        => new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
