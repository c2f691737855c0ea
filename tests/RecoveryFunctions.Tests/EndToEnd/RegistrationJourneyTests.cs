using System.Net;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.EndToEnd;

[Collection(LocalHostCollection.Name)]
public sealed class RegistrationJourneyTests(LocalHostFixture host)
{
    [Fact]
    public async Task Register_ActivateThenSignIn_GivesSessionAndSummary()
    {
        var email = Journeys.NewEmail();
        var summary = await host.CreateActiveAccountAsync(email);

        Assert.Equal(email, summary.GetProperty("email").GetString());
        Assert.Equal("active", summary.GetProperty("status").GetString());
        Assert.Equal(13, summary.GetProperty("subscriberNumber").GetString()!.Length);
        Assert.Equal(Journeys.QuestionId, summary.GetProperty("securityQuestion").GetProperty("id").GetInt32());
        Assert.DoesNotContain("12 34 56", summary.GetProperty("phone").GetString()!, StringComparison.Ordinal);
        Assert.DoesNotContain("securityAnswer", summary.ToString(), StringComparison.OrdinalIgnoreCase);

        var recap = await host.Mailbox.WaitForMessageAsync(email, TimeSpan.FromSeconds(30), m => m.TextBody!.Contains(summary.GetProperty("subscriberNumber").GetString()!, StringComparison.Ordinal));
        Assert.DoesNotContain(Journeys.Answer, recap.TextBody!, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Journeys.Password, recap.TextBody!, StringComparison.Ordinal);

        var session = await host.SignInAsync(email);
        using var me = await host.Client.GetAsync("/api/account", session);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal("no-store", me.Headers.CacheControl?.ToString());
        Assert.Equal(summary.GetProperty("subscriberNumber").GetString(), (await me.JsonAsync()).GetProperty("subscriberNumber").GetString());
    }

    [Fact]
    public async Task SignIn_WrongPasswordOrUnknownEmail_SameStatusAndBody()
    {
        var email = Journeys.NewEmail();
        await host.CreateActiveAccountAsync(email);

        using var wrong = await host.Client.PostJsonAsync("/api/sessions", new { email, password = "Autre-Mot-De-Passe-99" });
        using var unknown = await host.Client.PostJsonAsync("/api/sessions", new { email = Journeys.NewEmail("inconnu"), password = "Autre-Mot-De-Passe-99" });

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(unknown.StatusCode, wrong.StatusCode);
        Assert.Equal(await Journeys.BodyWithoutTraceIdAsync(unknown), await Journeys.BodyWithoutTraceIdAsync(wrong));
        Assert.Equal("credentials-invalid", await wrong.ProblemCodeAsync());
    }

    [Fact]
    public async Task SignIn_BeforeActivation_RefusedLikeUnknown()
    {
        var email = Journeys.NewEmail();
        await host.RegisterAsync(email);

        using var pending = await host.Client.PostJsonAsync("/api/sessions", new { email, password = Journeys.Password });
        using var unknown = await host.Client.PostJsonAsync("/api/sessions", new { email = Journeys.NewEmail("inconnu"), password = Journeys.Password });

        Assert.Equal(HttpStatusCode.Unauthorized, pending.StatusCode);
        Assert.Equal(await Journeys.BodyWithoutTraceIdAsync(unknown), await Journeys.BodyWithoutTraceIdAsync(pending));
    }

    [Fact]
    public async Task Register_ExistingAddress_SameResponseAndAlreadyRegisteredEmail()
    {
        var email = Journeys.NewEmail();
        await host.CreateActiveAccountAsync(email);

        using var fresh = await host.Client.PostJsonAsync("/api/accounts", Journeys.RegistrationBody(Journeys.NewEmail("nouveau")));
        using var again = await host.Client.PostJsonAsync("/api/accounts", Journeys.RegistrationBody(email.ToUpperInvariant(), "Tout-Autre-Secret-77"));

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(fresh.StatusCode, again.StatusCode);
        Assert.Equal(await fresh.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        var notice = await host.Mailbox.WaitForMessageAsync(email, TimeSpan.FromSeconds(30), m => m.Subject.Contains("Tentative", StringComparison.Ordinal));
        Assert.Equal(email, notice.To);

        // The first password still signs in: the second registration changed nothing.
        await host.SignInAsync(email);
    }

    [Fact]
    public async Task Register_TwentyInParallel_ExactlyOneAccount()
    {
        var email = Journeys.NewEmail("course");
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => host.Client.PostJsonAsync("/api/accounts", Journeys.RegistrationBody(email))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        var accounts = await StorageInspection.AccountsWithEmailAsync(host, email);
        Assert.Single(accounts);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Activate_SameLinkTwice_SecondIsLinkUsed()
    {
        var email = Journeys.NewEmail();
        await host.RegisterAsync(email);
        var token = await host.WaitForLinkTokenAsync(email, "activ");

        using var first = await host.Client.PostJsonAsync("/api/accounts/activate", new { token });
        using var second = await host.Client.PostJsonAsync("/api/accounts/activate", new { token });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, second.StatusCode);
        Assert.Equal("link-used", await second.ProblemCodeAsync());
    }

    [Fact]
    public async Task SignOut_Session_IsRevoked()
    {
        var email = Journeys.NewEmail();
        await host.CreateActiveAccountAsync(email);
        var session = await host.SignInAsync(email);

        using var signOut = await host.Client.SendJsonAsync(HttpMethod.Delete, "/api/sessions/current", null, session);
        using var after = await host.Client.GetAsync("/api/account", session);

        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal("session-invalid", await after.ProblemCodeAsync());
    }

    [Fact]
    public async Task SignIn_FiveFailures_LocksSilentlyAndEmailsHolder()
    {
        var email = Journeys.NewEmail("verrou");
        await host.CreateActiveAccountAsync(email);
        for (var i = 0; i < 5; i++)
        {
            using var failure = await host.Client.PostJsonAsync("/api/sessions", new { email, password = "Mauvais-Secret-" + i + "xx" });
            Assert.Equal(HttpStatusCode.Unauthorized, failure.StatusCode);
        }

        using var locked = await host.Client.PostJsonAsync("/api/sessions", new { email, password = Journeys.Password });
        using var unknown = await host.Client.PostJsonAsync("/api/sessions", new { email = Journeys.NewEmail("inconnu"), password = Journeys.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Equal(await Journeys.BodyWithoutTraceIdAsync(unknown), await Journeys.BodyWithoutTraceIdAsync(locked));
        await host.Mailbox.WaitForMessageAsync(email, TimeSpan.FromSeconds(30), m => m.Subject.Contains("bloqu", StringComparison.OrdinalIgnoreCase) || m.Subject.Contains("lock", StringComparison.OrdinalIgnoreCase));
    }
}
