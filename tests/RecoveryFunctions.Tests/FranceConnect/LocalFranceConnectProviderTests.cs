using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using RecoveryFunctions.DevServices;
using RecoveryFunctions.DevServices.FranceConnect;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.FranceConnect;

/// <summary>The local provider started beside Azurite, with one registered service provider.</summary>
public sealed class LocalFranceConnectFixture : IAsyncLifetime
{
    public const string RedirectUri = "http://127.0.0.1:9/api/franceconnect/callback";
    public const string PostLogoutRedirectUri = "http://127.0.0.1:9/api/franceconnect/logged-out";

    public LocalFranceConnectProcess Provider { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Provider = await LocalFranceConnectProcess.StartAsync(
            new LocalFranceConnectClient("test-client", "test-secret-" + Guid.NewGuid().ToString("N"), [RedirectUri], [PostLogoutRedirectUri]),
            StartupStages.Silent);

    public async Task DisposeAsync() => await Provider.DisposeAsync();
}

/// <summary>
/// The local FranceConnect behaves as FranceConnect v2 documents for a service provider (docs/security/franceconnect.md):
/// its paths, ES256 signatures on the ID token and the userinfo, the pivot identity, and its refusals.
/// </summary>
public sealed class LocalFranceConnectProviderTests(LocalFranceConnectFixture fixture) : IClassFixture<LocalFranceConnectFixture>, IDisposable
{
    private const string Scopes = "openid given_name family_name birthdate gender birthplace birthcountry email";
    private readonly FranceConnectBrowser _browser = new();
    private readonly HttpClient _backChannel = new(new SocketsHttpHandler());

    private Uri Authority => fixture.Provider.Authority;

    private Uri At(string path) => new(Authority + path);

    private Uri AuthorizationRequest(string? state = "state-0123456789abcdef", string? nonce = "nonce-0123456789abcdef", string acr = "eidas1", string redirectUri = LocalFranceConnectFixture.RedirectUri)
    {
        var parameters = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = fixture.Provider.Client.ClientId,
            ["redirect_uri"] = redirectUri,
            ["scope"] = Scopes,
            ["acr_values"] = acr,
            ["prompt"] = "login",
        };
        if (state is not null)
        {
            parameters["state"] = state;
        }

        if (nonce is not null)
        {
            parameters["nonce"] = nonce;
        }

        return new Uri(QueryHelpers.AddQueryString(At("/authorize").ToString(), parameters));
    }

    [Fact]
    public async Task Discovery_FranceConnectV2Paths_Es256AndEidas1()
    {
        using var discovery = JsonDocument.Parse(await _backChannel.GetStringAsync(At("/.well-known/openid-configuration")));
        var root = discovery.RootElement;
        Assert.Equal(Authority.ToString(), root.GetProperty("issuer").GetString());
        Assert.EndsWith("/api/v2", Authority.ToString(), StringComparison.Ordinal);
        foreach (var (name, path) in new[] { ("authorization_endpoint", "/authorize"), ("token_endpoint", "/token"), ("userinfo_endpoint", "/userinfo"), ("end_session_endpoint", "/session/end"), ("jwks_uri", "/jwks") })
        {
            Assert.Equal(At(path).ToString(), root.GetProperty(name).GetString());
        }

        Assert.Equal(["ES256"], root.GetProperty("id_token_signing_alg_values_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["ES256"], root.GetProperty("userinfo_signing_alg_values_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["eidas1"], root.GetProperty("acr_values_supported").EnumerateArray().Select(e => e.GetString()));
    }

    public static TheoryData<string> Refused() => ["no state", "no nonce", "acr eidas2", "no acr", "unregistered redirect"];

    /// <summary>Each refusal is an error page at the provider: nothing goes back to any redirect URI.</summary>
    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Authorize_NotAsDocumented_RefusedWithoutRedirect(string fault)
    {
        var request = fault switch
        {
            "no state" => AuthorizationRequest(state: null),
            "no nonce" => AuthorizationRequest(nonce: null),
            "acr eidas2" => AuthorizationRequest(acr: "eidas2"),
            "no acr" => AuthorizationRequest(acr: ""),
            _ => AuthorizationRequest(redirectUri: "http://127.0.0.1:9/elsewhere"),
        };

        var (status, location) = await _browser.GetAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Null(location);
    }

    [Fact]
    public async Task CodeFlow_TestIdentity_SignedIdTokenAndSignedUserinfo()
    {
        var identity = LocalFranceConnectProcess.TestIdentities[1];
        var back = await _browser.SignInAsync(AuthorizationRequest(), identity.Login);
        var query = QueryHelpers.ParseQuery(back.Query);
        Assert.StartsWith(LocalFranceConnectFixture.RedirectUri, back.ToString(), StringComparison.Ordinal);
        Assert.Equal("state-0123456789abcdef", query["state"]);

        using var tokens = await RedeemAsync(query["code"].ToString());
        Assert.Equal(HttpStatusCode.OK, tokens.StatusCode);
        var body = JsonDocument.Parse(await tokens.Content.ReadAsStringAsync()).RootElement;
        var keys = new JsonWebKeySet(await _backChannel.GetStringAsync(At("/jwks"))).GetSigningKeys();
        var idToken = await ValidateAsync(body.GetProperty("id_token").GetString()!, keys);
        Assert.Equal("ES256", idToken.Alg);
        Assert.Equal("nonce-0123456789abcdef", idToken.GetClaim("nonce").Value);
        Assert.Equal("eidas1", idToken.GetClaim("acr").Value);
        Assert.Matches("^[0-9a-f]{64}v1$", idToken.Subject);

        using var userinfoRequest = new HttpRequestMessage(HttpMethod.Get, At("/userinfo"));
        userinfoRequest.Headers.Authorization = new("Bearer", body.GetProperty("access_token").GetString());
        using var userinfo = await _backChannel.SendAsync(userinfoRequest);
        Assert.Equal("application/jwt", userinfo.Content.Headers.ContentType?.MediaType);
        var claims = await ValidateAsync(await userinfo.Content.ReadAsStringAsync(), keys);
        Assert.Equal("ES256", claims.Alg);
        Assert.Equal(idToken.Subject, claims.Subject);
        Assert.Equal(
            [identity.GivenName, identity.FamilyName, identity.Birthdate, identity.Gender, identity.Birthplace, identity.Birthcountry, identity.Email],
            new[] { "given_name", "family_name", "birthdate", "gender", "birthplace", "birthcountry", "email" }.Select(name => claims.GetClaim(name).Value));
    }

    [Fact]
    public async Task Token_ReplayedCode_Refused()
    {
        var back = await _browser.SignInAsync(AuthorizationRequest(), LocalFranceConnectProcess.DemoIdentity.Login);
        var code = QueryHelpers.ParseQuery(back.Query)["code"].ToString();
        using var first = await RedeemAsync(code);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var replay = await RedeemAsync(code);

        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Equal("invalid_grant", JsonDocument.Parse(await replay.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData(LocalFranceConnectFixture.PostLogoutRedirectUri, HttpStatusCode.OK)]
    [InlineData("http://127.0.0.1:9/elsewhere", HttpStatusCode.BadRequest)]
    public async Task EndSession_PostLogoutUri_OnlyTheRegisteredOneServed(string postLogoutUri, HttpStatusCode expected)
    {
        var back = await _browser.SignInAsync(AuthorizationRequest(), LocalFranceConnectProcess.DemoIdentity.Login);
        using var tokens = await RedeemAsync(QueryHelpers.ParseQuery(back.Query)["code"].ToString());
        var idToken = JsonDocument.Parse(await tokens.Content.ReadAsStringAsync()).RootElement.GetProperty("id_token").GetString();

        var (status, _) = await _browser.GetAsync(new Uri(QueryHelpers.AddQueryString(
            At("/session/end").ToString(),
            new Dictionary<string, string?> { ["id_token_hint"] = idToken, ["state"] = "logout-state", ["post_logout_redirect_uri"] = postLogoutUri })));

        // The registered URI gets the self-submitting logout page; any other, an error page.
        Assert.Equal(expected, status);
    }

    private Task<HttpResponseMessage> RedeemAsync(string code) =>
        _backChannel.PostAsync(At("/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = LocalFranceConnectFixture.RedirectUri,
            ["client_id"] = fixture.Provider.Client.ClientId,
            ["client_secret"] = fixture.Provider.Client.ClientSecret,
        }));

    private async Task<JsonWebToken> ValidateAsync(string jwt, IList<SecurityKey> keys)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            ValidIssuer = Authority.ToString(),
            ValidAudience = fixture.Provider.Client.ClientId,
            IssuerSigningKeys = keys,
            ValidAlgorithms = ["ES256"],
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        return (JsonWebToken)result.SecurityToken;
    }

    public void Dispose()
    {
        _browser.Dispose();
        _backChannel.Dispose();
    }
}
