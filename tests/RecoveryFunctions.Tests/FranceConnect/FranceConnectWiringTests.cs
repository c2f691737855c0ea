using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.FranceConnect;
using RecoveryFunctions.DevServices.FranceConnect;
using RecoveryFunctions.Infrastructure.FranceConnect;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.FranceConnect;

/// <summary>
/// The host's own <see cref="IFranceConnectProvider"/>, built from the <c>FranceConnect</c> settings and the secret
/// source as in Azure, completes a code flow with the local provider the host started.
/// </summary>
public sealed class FranceConnectWiringTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    [Fact]
    public async Task HostProvider_LocalFranceConnect_RedeemsAVerifiedIdentity()
    {
        var provider = host.Host.Services.GetRequiredService<IFranceConnectProvider>();
        using var browser = new FranceConnectBrowser();
        var person = LocalFranceConnectProcess.DemoIdentity;

        var back = await browser.SignInAsync(await provider.AuthorizationUrlAsync("state-1234", "nonce-1234"), person.Login);
        var authentication = await provider.RedeemAsync(QueryHelpers.ParseQuery(back.Query)["code"].ToString());

        Assert.StartsWith(host.Host.FranceConnect.Client.RedirectUris[0], back.ToString(), StringComparison.Ordinal);
        Assert.Equal(person.Pivot, authentication.Identity);
        Assert.Equal(person.SubFor(host.Host.FranceConnect.Client.ClientId), authentication.Subject);
    }

    public static TheoryData<string, string, string> Refused() => new()
    {
        { "Authority", "http://franceconnect.example/api/v2", "https outside Development" },
        { "ClientId", "", "ClientId is required" },
        { "RedirectUris:0", "not a url", "FranceConnect:RedirectUris must be an absolute" },
        { "Timeout", "00:01:00", "FranceConnect:Timeout must be between" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Validator_EnabledWithABadValue_NamesTheKey(string key, string value, string message)
    {
        var options = new FranceConnectOptions
        {
            Enabled = true,
            Authority = "https://fcp-low.integ01.dev-franceconnect.fr/api/v2",
            ClientId = "client",
            RedirectUris = ["https://recovery.example/api/franceconnect/callback"],
            PostLogoutRedirectUris = ["https://recovery.example/api/franceconnect/logged-out"],
        };
        switch (key)
        {
            case "Authority": options.Authority = value; break;
            case "ClientId": options.ClientId = value; break;
            case "RedirectUris:0": options.RedirectUris = [value]; break;
            default: options.Timeout = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
        }

        var result = new FranceConnectOptionsValidator("Production").Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
    }
}
