using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.FranceConnect;
using RecoveryFunctions.Core.Registration;
using RecoveryFunctions.Core.Tokens;
using RecoveryFunctions.DevServices.FranceConnect;
using RecoveryFunctions.TestSupport;
using RecoveryFunctions.TestSupport.InMemory;

namespace RecoveryFunctions.Tests.FranceConnect;

/// <summary>
/// Registering with FranceConnect on the in-memory graph, from the verified identity at the callback: the logout's
/// state becomes the form's ticket with the email claim, the registration spends the ticket, and activating the new
/// account binds the identity (emailed); an identity already bound elsewhere stays there and nothing says so.
/// </summary>
public sealed class FranceConnectRegistrationTests(InMemoryServiceGraph graph) : IClassFixture<InMemoryServiceGraph>
{
    private const string Password = "Pommier-Rouge-7315";

    [Fact]
    public async Task Register_WithFranceConnect_EmailPrefilledEditable_BoundOnceActivated_Emailed()
    {
        var person = Person();
        var ticket = await TicketAsync(person);
        Assert.Equal(person.Email, ticket.Email);
        var email = Journeys.NewEmail("fc-inscrit");

        await Register(email, ticket.Ticket);
        var subscriberNumber = await SubscriberNumberAsync(email);
        Assert.Null(await FindAsync(person));

        var activation = await ActivationTokenAsync(email);
        await graph.Request<ActivationService>().ActivateAsync(activation, "fr");

        Assert.Equal(subscriberNumber, await FindAsync(person));
        Assert.Contains(await graph.DrainOutboxAsync(), m => m.To == email && m.Template == EmailTemplate.FranceConnectBound);
    }

    [Fact]
    public async Task Register_TicketSpentOnce_StatesNotInterchangeable_FranceConnectFailed()
    {
        var person = Person();
        var state = await graph.Request<FranceConnectSignUp>().ReturnStateAsync(person);
        var ticket = (await graph.Request<FranceConnectLinks>().ReturnAsync(state)).Ticket!;

        await AssertFailedAsync(() => graph.Request<FranceConnectLinks>().ReturnAsync(state));
        await AssertFailedAsync(() => graph.Request<FranceConnectLinks>().ReturnAsync(ticket.Ticket));
        var unspentState = await graph.Request<FranceConnectSignUp>().ReturnStateAsync(person);
        await AssertFailedAsync(() => graph.Request<FranceConnectSignUp>().RedeemTicketAsync(unspentState));
        var spent = await TicketAsync(person);
        await Register(Journeys.NewEmail("fc-billet"), spent.Ticket);
        await AssertFailedAsync(() => graph.Request<RegistrationService>().RegisterAsync(Request(Journeys.NewEmail("fc-billet"), spent.Ticket)));
    }

    [Fact]
    public async Task Register_IdentityBoundToAnotherAccount_ActivatedUnbound_NothingSaid()
    {
        var person = Person();
        var holder = await SubscriberNumberAsync(await graph.CreateAccountAsync(AccountStatus.Active));
        var ring = await graph.Request<ITokenKeyProvider>().GetKeyRingAsync();
        Assert.True(await graph.Services.GetRequiredService<IFranceConnectBindingStore>().TryBindAsync(holder, FranceConnectHashes.Binding(ring, person, graph.Time.GetUtcNow())));
        var email = Journeys.NewEmail("fc-deja");

        await Register(email, (await TicketAsync(person)).Ticket);
        await graph.Request<ActivationService>().ActivateAsync(await ActivationTokenAsync(email), "fr");

        Assert.Null(await graph.Services.GetRequiredService<IFranceConnectBindingStore>().FindByAccountAsync(await SubscriberNumberAsync(email)));
        Assert.Equal(holder, await FindAsync(person));
        Assert.DoesNotContain(await graph.DrainOutboxAsync(), m => m.Template == EmailTemplate.FranceConnectBound);
    }

    [Fact]
    public async Task Register_AddressAlreadyRegistered_TicketSpent_NothingBound()
    {
        var person = Person();
        var email = await graph.CreateAccountAsync(AccountStatus.Active);
        var ticket = await TicketAsync(person);

        await Register(email, ticket.Ticket);

        Assert.Null(await graph.Services.GetRequiredService<IFranceConnectBindingStore>().FindByAccountAsync(await SubscriberNumberAsync(email)));
        await AssertFailedAsync(() => graph.Request<FranceConnectSignUp>().RedeemTicketAsync(ticket.Ticket));
    }

    private static FranceConnectAuthentication Person()
        => new("sub-" + Guid.NewGuid().ToString("N"), new PivotIdentity("Louise", "INSCRIT" + Guid.NewGuid().ToString("N"), "1990-05-17", "female", "75056", "99100"), "nonce", "id-token", "louise.fc@example.fr");

    /// <summary>The callback's step for a registration, then the logout's way back: the form's ticket.</summary>
    private async Task<FranceConnectTicket> TicketAsync(FranceConnectAuthentication person)
        => (await graph.Request<FranceConnectLinks>().ReturnAsync(await graph.Request<FranceConnectSignUp>().ReturnStateAsync(person))).Ticket!;

    private static RegistrationRequest Request(string email, string ticket) => new(email, Password, Journeys.QuestionId, Journeys.Answer, null, "fr", ticket);

    private Task Register(string email, string ticket) => graph.Request<RegistrationService>().RegisterAsync(Request(email, ticket));

    private async Task<string?> FindAsync(FranceConnectAuthentication person)
        => await graph.Services.GetRequiredService<IFranceConnectBindingStore>().FindAccountAsync(
            FranceConnectHashes.IdentityHashes(await graph.Request<ITokenKeyProvider>().GetKeyRingAsync(), person.Identity));

    private async Task<string> SubscriberNumberAsync(string email)
        => (await graph.Services.GetRequiredService<IAccountStore>().FindByEmailAsync(email))!.Account.SubscriberNumber;

    private async Task<string> ActivationTokenAsync(string email)
        => Journeys.TokenInUrl((await graph.DrainOutboxAsync()).Last(m => m.To == email && m.Template == EmailTemplate.ActivationLink).Values[EmailValueKeys.ActivationUrl]);

    private static async Task AssertFailedAsync(Func<Task> step)
        => Assert.Equal(ProblemCode.FranceConnectFailed, (await Assert.ThrowsAsync<DomainException>(step)).Problem);
}

/// <summary>
/// Registering with FranceConnect over HTTP through the local provider: « S’identifier avec FranceConnect » → the
/// provider's sign-in → its logout → the registration page with the ticket and the email claim in the fragment only;
/// the registration sent with the ticket, the account activated from its email, the identity bound and emailed.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class FranceConnectRegistrationHttpTests(LocalHostFixture host)
{
    // Identity 2 is bound here and unlinked at the end (FranceConnectBindingTests' race does the same, in this collection).
    private static readonly LocalFranceConnectIdentity Person = LocalFranceConnectProcess.TestIdentities[2];

    [Fact]
    public async Task Register_ThroughTheLocalProvider_FormPrefilled_ActivatedBound_TicketSpent()
    {
        using var start = await host.Client.PostAsync("/api/accounts/franceconnect", null);
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        using var browser = new FranceConnectBrowser();
        var logout = (await browser.GetAsync(await browser.SignInAsync(new Uri((await start.JsonAsync()).GetProperty("authorizationUrl").GetString()!), Person.Login))).Location!;
        var loggedOut = await browser.FollowToClientAsync(logout);
        var (status, page) = await browser.GetAsync(loggedOut);

        Assert.Equal(HttpStatusCode.SeeOther, status);
        Assert.StartsWith("/inscription/", page!.AbsolutePath, StringComparison.Ordinal);
        var fragment = QueryHelpers.ParseQuery(page.Fragment.TrimStart('#'));
        var ticket = fragment["franceconnect"].ToString();
        Assert.Equal(Person.Email, fragment["email"].ToString());
        Assert.DoesNotContain(ticket, loggedOut.ToString(), StringComparison.Ordinal);

        var email = Journeys.NewEmail("fc-inscription");
        using (var registered = await host.Client.PostJsonAsync("/api/accounts", Journeys.RegistrationBody(email, franceConnectTicket: ticket)))
        {
            Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);
        }

        using (var again = await host.Client.PostJsonAsync("/api/accounts", Journeys.RegistrationBody(Journeys.NewEmail("fc-inscription"), franceConnectTicket: ticket)))
        {
            Assert.Equal("franceconnect-failed", await again.ProblemCodeAsync());
        }

        using (var activated = await host.Client.PostJsonAsync("/api/accounts/activate", new { token = await host.WaitForLinkTokenAsync(email, "activ") }))
        {
            Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        }

        await host.Mailbox.WaitForMessageAsync(email, TimeSpan.FromSeconds(30), m => m.Subject.Contains("FranceConnect liée", StringComparison.Ordinal));
        var session = await host.SignInAsync(email);
        using (var bound = await host.Client.GetAsync("/api/account/franceconnect", session))
        {
            Assert.True((await bound.JsonAsync()).GetProperty("bound").GetBoolean());
        }

        // Leaves the identity free for the next test of this collection.
        using var unlink = await host.Client.SendJsonAsync(HttpMethod.Delete, "/api/account/franceconnect", null, session);
        Assert.Equal(HttpStatusCode.NoContent, unlink.StatusCode);
    }
}
