using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.FranceConnect;
using RecoveryFunctions.DevServices.Azurite;
using RecoveryFunctions.DevServices.FranceConnect;
using RecoveryFunctions.Infrastructure.FranceConnect;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.FranceConnect;

/// <summary>
/// The service-provider adapter against the local FranceConnect: the identity comes back verified, a refused code is the
/// person's failure, and a provider that is unreachable or signs what its keys do not verify is an outage (fail closed).
/// </summary>
public sealed class FranceConnectHttpProviderTests(LocalFranceConnectFixture fixture) : IClassFixture<LocalFranceConnectFixture>, IDisposable
{
    private readonly FranceConnectBrowser _browser = new();
    private readonly HttpClient _http = new(new SocketsHttpHandler());

    private FranceConnectHttpProvider Adapter(HttpClient? http = null, Uri? authority = null) => new(http ?? _http, new FranceConnectRegistration(
        authority ?? fixture.Provider.Authority,
        fixture.Provider.Client.ClientId,
        _ => ValueTask.FromResult(fixture.Provider.Client.ClientSecret),
        new Uri(LocalFranceConnectFixture.RedirectUri),
        new Uri(LocalFranceConnectFixture.PostLogoutRedirectUri)));

    private async Task<string> CodeForAsync(FranceConnectHttpProvider adapter, LocalFranceConnectIdentity identity, string nonce = "nonce-of-this-request")
    {
        var back = await _browser.SignInAsync(await adapter.AuthorizationUrlAsync("state-of-this-request", nonce), identity.Login);
        var query = QueryHelpers.ParseQuery(back.Query);
        Assert.Equal("state-of-this-request", query["state"]);
        return query["code"].ToString();
    }

    [Fact]
    public async Task Redeem_TestIdentity_VerifiedPivotIdentityAndLogout()
    {
        var adapter = Adapter();
        var person = LocalFranceConnectProcess.TestIdentities[1];

        var authentication = await adapter.RedeemAsync(await CodeForAsync(adapter, person));

        Assert.Equal(new PivotIdentity(person.GivenName, person.FamilyName, person.Birthdate, person.Gender, person.Birthplace, person.Birthcountry), authentication.Identity);
        Assert.Equal("nonce-of-this-request", authentication.Nonce);
        Assert.Matches("^[0-9a-f]{64}v1$", authentication.Subject);
        var (status, _) = await _browser.GetAsync(await adapter.LogoutUrlAsync(authentication.IdToken, "logout-state"));
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Redeem_SamePersonTwice_SameSubAndSameCanonicalIdentity()
    {
        var adapter = Adapter();
        var first = await adapter.RedeemAsync(await CodeForAsync(adapter, LocalFranceConnectProcess.DemoIdentity));
        var second = await adapter.RedeemAsync(await CodeForAsync(adapter, LocalFranceConnectProcess.DemoIdentity));
        var other = await adapter.RedeemAsync(await CodeForAsync(adapter, LocalFranceConnectProcess.TestIdentities[2]));

        Assert.Equal(first.Subject, second.Subject);
        Assert.Equal(first.Identity.Canonical(), second.Identity.Canonical());
        Assert.NotEqual(first.Identity.Canonical(), other.Identity.Canonical());
    }

    [Fact]
    public async Task Redeem_ReplayedCode_FranceConnectFailed()
    {
        var adapter = Adapter();
        var code = await CodeForAsync(adapter, LocalFranceConnectProcess.DemoIdentity);
        await adapter.RedeemAsync(code);

        var replay = await Assert.ThrowsAsync<DomainException>(() => adapter.RedeemAsync(code));

        Assert.Equal(ProblemCode.FranceConnectFailed, replay.Problem);
    }

    /// <summary>An ID token whose signature the published keys do not verify (a forged token, a key set gone wrong).</summary>
    [Fact]
    public async Task Redeem_IdTokenSignatureBroken_Unavailable()
    {
        using var tampering = new HttpClient(new SignatureBreaker { InnerHandler = new SocketsHttpHandler() });
        var adapter = Adapter(tampering);
        var code = await CodeForAsync(adapter, LocalFranceConnectProcess.DemoIdentity);

        await Assert.ThrowsAsync<FranceConnectUnavailableException>(() => adapter.RedeemAsync(code));
    }

    [Fact]
    public async Task AuthorizationUrl_ProviderUnreachable_Unavailable()
    {
        var adapter = Adapter(authority: new Uri($"http://127.0.0.1:{FreePort.Next()}/api/v2"));

        await Assert.ThrowsAsync<FranceConnectUnavailableException>(() => adapter.AuthorizationUrlAsync("state", "nonce"));
    }

    [Fact]
    public void Canonical_SpellingsOfOnePerson_Equal()
    {
        var a = new PivotIdentity("Jean-Pierre Émile", "D'ALMEIDA", "1970-11-02", "male", "69123", "99100");
        var b = new PivotIdentity("JEAN PIERRE  EMILE", "d almeida", "1970-11-02", "male", "69123", "99100");
        var c = a with { Birthdate = "1970-11-03" };

        Assert.Equal(a.Canonical(), b.Canonical());
        Assert.NotEqual(a.Canonical(), c.Canonical());
    }

    public void Dispose()
    {
        _browser.Dispose();
        _http.Dispose();
    }

    /// <summary>Flips the last signature character of the ID token in every token response.</summary>
    private sealed class SignatureBreaker : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.RequestUri!.AbsolutePath.EndsWith("/token", StringComparison.Ordinal) && response.IsSuccessStatusCode)
            {
                var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
                var idToken = body["id_token"]!.GetValue<string>();
                var signature = idToken[(idToken.LastIndexOf('.') + 1)..];
                var broken = signature[..^2] + (signature[^2] == 'A' ? 'B' : 'A') + signature[^1];
                body["id_token"] = idToken[..(idToken.LastIndexOf('.') + 1)] + broken;
                response.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
            }

            return response;
        }
    }
}
