using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.DevServices.FranceConnect;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.FranceConnect;

/// <summary>
/// "Je n'ai plus accès à ma messagerie…" → "Se connecter avec FranceConnect" over HTTP through the local provider: a
/// bound identity reaches the password step after FranceConnect's logout and the usual reset revokes the sessions (with
/// a new login address, confirmed by the link sent to it); an
/// unbound one gets the neutral page; the start (and registration's) is counted per client.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class FranceConnectRecoveryTests(LocalHostFixture host)
{
    private const string Start = "/api/password-recovery/franceconnect";
    private const string NewPassword = "Nouveau-Platane-5820";

    // Identity 3 is bound and used here; identity 4 is never bound.
    private static readonly LocalFranceConnectIdentity Holder = LocalFranceConnectProcess.TestIdentities[3];
    private static readonly LocalFranceConnectIdentity Stranger = LocalFranceConnectProcess.TestIdentities[4];

    [Fact]
    public async Task Recover_BoundIdentity_PasswordStepAfterTheLogout_NewPasswordAndAddress_SessionsRevoked_HolderTold()
    {
        var email = Journeys.NewEmail("fc-retour");
        await host.CreateActiveAccountAsync(email);
        var session = await host.SignInAsync(email);
        using var browser = new FranceConnectBrowser();
        Assert.EndsWith("state=bound", (await new FranceConnectBindingTests(host).BindAsync(browser, session, Holder)).Query, StringComparison.Ordinal);

        var loggedOut = await browser.FollowToClientAsync((await browser.GetAsync(await browser.SignInAsync(await StartAsync(), Holder.Login))).Location!);
        var (status, page) = await browser.GetAsync(loggedOut);

        Assert.Equal(HttpStatusCode.SeeOther, status);
        Assert.StartsWith("/mot-de-passe-oublie/", page!.AbsolutePath, StringComparison.Ordinal);
        var flowId = QueryHelpers.ParseQuery(page.Fragment.TrimStart('#'))["franceconnect"].ToString();
        Assert.DoesNotContain(flowId, loggedOut.ToString(), StringComparison.Ordinal);
        var newEmail = Journeys.NewEmail("fc-nouvelle-adresse");
        using (var reset = await host.Client.PostJsonAsync("/api/password-recovery/password", new { flowId, newPassword = NewPassword, newPasswordConfirmation = NewPassword, newEmail }))
        {
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        }

        using (var old = await host.Client.GetAsync("/api/account", session))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        }

        await host.Mailbox.WaitForMessageAsync(email, TimeSpan.FromSeconds(30), m => m.Subject.Contains("mot de passe a été modifié", StringComparison.OrdinalIgnoreCase));

        // The new address proves itself through the address-change link; the old one is told.
        await host.Mailbox.WaitForMessageAsync(email, TimeSpan.FromSeconds(30), m => m.Subject.Contains("Demande de modification de votre adresse", StringComparison.Ordinal));
        using (var confirmed = await host.Client.PostJsonAsync("/api/account/email/confirm", new { token = await host.WaitForLinkTokenAsync(newEmail, "Confirmez votre nouvelle adresse") }))
        {
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        }

        Assert.EndsWith("/franceconnect/?erreur=franceconnect-failed", (await browser.GetAsync(loggedOut)).Location!.ToString(), StringComparison.Ordinal);

        // Leaves the identity free for the next run of this collection.
        using var unlink = await host.Client.SendJsonAsync(HttpMethod.Delete, "/api/account/franceconnect", null, await host.SignInAsync(newEmail, NewPassword));
        Assert.Equal(HttpStatusCode.NoContent, unlink.StatusCode);
    }

    [Fact]
    public async Task Recover_UnboundIdentity_NeutralPageWithTheHelpdesk_AfterTheLogout()
    {
        using var browser = new FranceConnectBrowser();

        var logout = (await browser.GetAsync(await browser.SignInAsync(await StartAsync(), Stranger.Login))).Location!;
        var loggedOut = await browser.FollowToClientAsync(logout);

        Assert.EndsWith("/session/end", logout.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(host.Host.FranceConnect.Client.PostLogoutRedirectUris[0] + "?state=no-match", loggedOut.ToString());
        Assert.EndsWith("/franceconnect/?erreur=no-match", (await browser.GetAsync(loggedOut)).Location!.ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Both starts (recovery here, registration's « S’identifier avec FranceConnect ») take no email or number, so a stranger
    /// can only spend the allowance of the address they send from: the holder's address is still served.
    /// </summary>
    [Theory]
    [InlineData(Start)]
    [InlineData("/api/accounts/franceconnect")]
    public async Task Start_CountedPerClient_OneAddressRefusedAnotherServed(string start)
    {
        var limit = host.Host.Services.GetRequiredService<IOptions<ThrottleOptions>>().Value.RecoveryPerIpPerHour;
        using var busy = LoopbackSource.Client(host.Host.BaseAddress, LoopbackSource.NewAddress());
        using var other = LoopbackSource.Client(host.Host.BaseAddress, LoopbackSource.NewAddress());

        for (var i = 0; i < limit; i++)
        {
            using var served = await busy.PostAsync(start, null);
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        }

        using var refused = await busy.PostAsync(start, null);
        using var elsewhere = await other.PostAsync(start, null);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("rate-limited", await refused.ProblemCodeAsync());
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
    }

    private async Task<Uri> StartAsync()
    {
        using var response = await host.Client.PostAsync(Start, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new Uri((await response.JsonAsync()).GetProperty("authorizationUrl").GetString()!);
    }
}
