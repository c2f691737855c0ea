using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.DevServices.FranceConnect;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.FranceConnect;

/// <summary>
/// "Lier mon identité FranceConnect" over HTTP, through the local FranceConnect the host started: the password again,
/// the provider's sign-in, the callback, FranceConnect's logout, the page it ends on; unlinking; each emailed and audited.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class FranceConnectBindingTests(LocalHostFixture host)
{
    private const string Route = "/api/account/franceconnect";
    private static readonly TimeSpan MailWait = TimeSpan.FromSeconds(30);

    // Identity 1 is bound and unlinked here; identity 0 is the demo account's.
    private static readonly LocalFranceConnectIdentity Person = LocalFranceConnectProcess.TestIdentities[1];

    [Fact]
    public async Task Bind_PasswordAgainThenFranceConnect_BoundEmailedAudited_ThenUnlinked()
    {
        var email = Journeys.NewEmail("fc-lier");
        var subscriberNumber = (await host.CreateActiveAccountAsync(email)).GetProperty("subscriberNumber").GetString()!;
        var session = await host.SignInAsync(email);
        Assert.False((await StatusAsync(session)).GetProperty("bound").GetBoolean());
        using (var wrong = await host.Client.PostJsonAsync(Route, new { currentPassword = "Pas-Le-Bon-1234" }, session))
        {
            Assert.Equal("password-incorrect", await wrong.ProblemCodeAsync());
        }

        using var browser = new FranceConnectBrowser();
        var back = await browser.SignInAsync(await AuthorizationUrlAsync(session), Person.Login);
        var (status, logout) = await browser.GetAsync(back);

        Assert.Equal(HttpStatusCode.SeeOther, status);
        Assert.Equal(host.Host.FranceConnect.Authority.Authority, logout!.Authority);
        Assert.EndsWith("/session/end", logout.AbsolutePath, StringComparison.Ordinal);
        var loggedOut = await browser.FollowToClientAsync(logout);
        Assert.Equal(host.Host.FranceConnect.Client.PostLogoutRedirectUris[0] + "?state=bound", loggedOut.ToString());
        Assert.EndsWith("/compte/?franceconnect=bound", (await browser.GetAsync(loggedOut)).Location!.ToString(), StringComparison.Ordinal);

        // The same authorization response again: its state is spent.
        Assert.EndsWith("/franceconnect/?erreur=franceconnect-failed", (await browser.GetAsync(back)).Location!.ToString(), StringComparison.Ordinal);

        var bound = await StatusAsync(session);
        Assert.True(bound.GetProperty("bound").GetBoolean());
        Assert.DoesNotContain(Person.FamilyName, bound.GetRawText(), StringComparison.OrdinalIgnoreCase);
        var notice = await host.Mailbox.WaitForMessageAsync(email, MailWait, m => m.Subject.Contains("FranceConnect liée", StringComparison.Ordinal));
        Assert.DoesNotContain(Person.FamilyName, notice.TextBody!, StringComparison.OrdinalIgnoreCase);
        using (var again = await host.Client.PostJsonAsync(Route, new { currentPassword = Journeys.Password }, session))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Equal("franceconnect-already-bound", await again.ProblemCodeAsync());
        }

        using (var unlink = await host.Client.SendJsonAsync(HttpMethod.Delete, Route, null, session))
        {
            Assert.Equal(HttpStatusCode.NoContent, unlink.StatusCode);
        }

        Assert.False((await StatusAsync(session)).GetProperty("bound").GetBoolean());
        await host.Mailbox.WaitForMessageAsync(email, MailWait, m => m.Subject.Contains("FranceConnect déliée", StringComparison.Ordinal));
        using (var twice = await host.Client.SendJsonAsync(HttpMethod.Delete, Route, null, session))
        {
            Assert.Equal("franceconnect-not-bound", await twice.ProblemCodeAsync());
        }

        var audit = await host.Host.Services.GetRequiredService<IAuditLog>().ListAsync(subscriberNumber, 50);
        Assert.Contains(audit, e => e.Type == AuditEventTypes.FranceConnectBound);
        Assert.Contains(audit, e => e.Type == AuditEventTypes.FranceConnectUnbound);
    }

    [Fact]
    public async Task Bind_IdentityBoundToAnotherAccount_AlreadyBoundPageAfterLogout_AccountStaysUnbound()
    {
        var person = LocalFranceConnectProcess.TestIdentities[5];
        var first = Journeys.NewEmail("fc-premier");
        await host.CreateActiveAccountAsync(first);
        var firstSession = await host.SignInAsync(first);
        var email = Journeys.NewEmail("fc-deja");
        await host.CreateActiveAccountAsync(email);
        var session = await host.SignInAsync(email);
        using var browser = new FranceConnectBrowser();
        Assert.EndsWith("state=bound", (await BindAsync(browser, firstSession, person)).Query, StringComparison.Ordinal);

        var loggedOut = await BindAsync(browser, session, person);

        Assert.EndsWith("/franceconnect/?erreur=franceconnect-already-bound", (await browser.GetAsync(loggedOut)).Location!.ToString(), StringComparison.Ordinal);
        Assert.False((await StatusAsync(session)).GetProperty("bound").GetBoolean());
        using var unlink = await host.Client.SendJsonAsync(HttpMethod.Delete, Route, null, firstSession);
        Assert.Equal(HttpStatusCode.NoContent, unlink.StatusCode);
    }

    /// <summary>The whole binding, from the password to the post-logout URI the provider sends the browser back to.</summary>
    internal async Task<Uri> BindAsync(FranceConnectBrowser browser, string session, LocalFranceConnectIdentity person)
        => await browser.FollowToClientAsync((await browser.GetAsync(await browser.SignInAsync(await AuthorizationUrlAsync(session), person.Login))).Location!);

    [Fact]
    public async Task Callback_TwentyAtOnceWithOneResponse_ExactlyOneGoesOnToTheLogout()
    {
        var email = Journeys.NewEmail("fc-course");
        await host.CreateActiveAccountAsync(email);
        var session = await host.SignInAsync(email);
        using var browser = new FranceConnectBrowser();
        var back = await browser.SignInAsync(await AuthorizationUrlAsync(session), LocalFranceConnectProcess.TestIdentities[2].Login);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => browser.GetAsync(back)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.SeeOther, a.Status));
        Assert.Single(answers, a => a.Location!.AbsolutePath.EndsWith("/session/end", StringComparison.Ordinal));
        Assert.Equal(19, answers.Count(a => a.Location!.ToString().EndsWith("/franceconnect/?erreur=franceconnect-failed", StringComparison.Ordinal)));
        using var unlink = await host.Client.SendJsonAsync(HttpMethod.Delete, Route, null, session);
        Assert.Equal(HttpStatusCode.NoContent, unlink.StatusCode);
    }

    [Theory]
    [InlineData("?code=abc&state=inconnu")]
    [InlineData("?error=access_denied&state=inconnu")]
    [InlineData("")]
    public async Task Callback_UnknownOrMissingState_FailedPage_NeverAProblemBody(string query)
    {
        using var browser = new FranceConnectBrowser();

        var (status, location) = await browser.GetAsync(new Uri(host.Host.FranceConnect.Client.RedirectUris[0] + query));

        Assert.Equal(HttpStatusCode.SeeOther, status);
        Assert.EndsWith("/franceconnect/?erreur=franceconnect-failed", location!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?state=bound", "/compte/?franceconnect=bound")]
    [InlineData("?state=franceconnect-unavailable", "/franceconnect/?erreur=franceconnect-unavailable")]
    [InlineData("?state=%3Cscript%3E", "/franceconnect/?erreur=franceconnect-failed")]
    public async Task LoggedOut_OnlyKnownOutcomesChooseThePage(string query, string page)
    {
        using var browser = new FranceConnectBrowser();

        var (_, location) = await browser.GetAsync(new Uri(host.Host.FranceConnect.Client.PostLogoutRedirectUris[0] + query));

        Assert.EndsWith(page, location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_WithoutSession_Refused()
    {
        using var response = await host.Client.GetAsync(Route);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<Uri> AuthorizationUrlAsync(string session)
    {
        using var response = await host.Client.PostJsonAsync(Route, new { currentPassword = Journeys.Password }, session);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var url = new Uri((await response.JsonAsync()).GetProperty("authorizationUrl").GetString()!);
        Assert.Equal("eidas1", QueryHelpers.ParseQuery(url.Query)["acr_values"].ToString());
        return url;
    }

    private async Task<System.Text.Json.JsonElement> StatusAsync(string session)
    {
        using var response = await host.Client.GetAsync(Route, session);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }
}
