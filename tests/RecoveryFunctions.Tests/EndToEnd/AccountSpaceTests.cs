using System.Net;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.DevServices.Email;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.EndToEnd;

/// <summary>"Gérer vos coordonnées" over HTTP: each change, its email, its effect on the summary, and its refusals.</summary>
[Collection(LocalHostCollection.Name)]
public sealed class AccountSpaceTests(LocalHostFixture host)
{
    private const string NewPassword = "Nouveau-Tilleul-7391";
    private static readonly TimeSpan MailWait = TimeSpan.FromSeconds(30);

    /// <summary>Each change endpoint with a body that is valid apart from the current password.</summary>
    public static TheoryData<string, string> Changes() => new()
    {
        { "/api/account/password", "{\"currentPassword\":\"{0}\",\"newPassword\":\"" + NewPassword + "\"}" },
        { "/api/account/security-question", "{\"currentPassword\":\"{0}\",\"securityQuestionId\":4,\"securityAnswer\":\"Jules Ferry\"}" },
        { "/api/account/phone", "{\"currentPassword\":\"{0}\",\"phone\":\"07 98 76 54 32\"}" },
        { "/api/account/email", "{\"currentPassword\":\"{0}\",\"newEmail\":\"autre." + Guid.NewGuid().ToString("N") + "@example.fr\"}" },
    };

    [Fact]
    public async Task ChangePassword_RightCurrentPassword_NotifiedAndEverySessionDies()
    {
        var (email, session) = await SignedInAsync();
        var other = await host.SignInAsync(email);

        using var response = await PutAsync("/api/account/password", new { currentPassword = Journeys.Password, newPassword = NewPassword }, session);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await AssertSessionRevokedAsync(session);
        await AssertSessionRevokedAsync(other);
        var notice = await WaitForSubjectAsync(email, "mot de passe a été modifié");
        Assert.DoesNotContain(NewPassword, notice.TextBody!, StringComparison.Ordinal);
        Assert.Contains("assistance", notice.TextBody!, StringComparison.OrdinalIgnoreCase);

        using var oldPassword = await host.Client.PostJsonAsync("/api/sessions", new { email, password = Journeys.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, oldPassword.StatusCode);
        var summary = await SummaryAsync(await host.SignInAsync(email, NewPassword));
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, summary.GetProperty("passwordChangedAt").ValueKind);
    }

    [Fact]
    public async Task ChangePassword_UnusedActivationLink_DiesWithTheOtherTokens()
    {
        // Registering twice before activating leaves two activation links; the holder uses the second.
        var email = Journeys.NewEmail("activation");
        await host.RegisterAsync(email);
        await host.Mailbox.WaitForMessageAsync(email, MailWait, m => m.Subject.Contains("activ", StringComparison.OrdinalIgnoreCase));
        await host.RegisterAsync(email);
        await WaitUntilAsync(() => host.Mailbox.ListMessagesTo(email).Count(m => m.Subject.Contains("activ", StringComparison.OrdinalIgnoreCase)) == 2);
        var links = host.Mailbox.ListMessagesTo(email).Where(m => m.Subject.Contains("activ", StringComparison.OrdinalIgnoreCase)).Select(Journeys.TokenIn).Distinct(StringComparer.Ordinal).ToList();
        Assert.Equal(2, links.Count);
        using (var activated = await host.Client.PostJsonAsync("/api/accounts/activate", new { token = links[1] }))
        {
            Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        }

        var session = await host.SignInAsync(email);
        using (var change = await PutAsync("/api/account/password", new { currentPassword = Journeys.Password, newPassword = NewPassword }, session))
        {
            Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        }

        using var stale = await host.Client.PostJsonAsync("/api/accounts/activate", new { token = links[0] });

        Assert.Equal(HttpStatusCode.Gone, stale.StatusCode);
        Assert.Equal("link-expired", await stale.ProblemCodeAsync());
        Assert.DoesNotContain("subscriberNumber", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangePassword_OneOfLastFive_PasswordReused()
    {
        var (email, session) = await SignedInAsync();
        using (var change = await PutAsync("/api/account/password", new { currentPassword = Journeys.Password, newPassword = NewPassword }, session))
        {
            Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        }

        session = await host.SignInAsync(email, NewPassword);
        foreach (var reused in new[] { Journeys.Password, NewPassword })
        {
            using var response = await PutAsync("/api/account/password", new { currentPassword = NewPassword, newPassword = reused }, session);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.JsonAsync();
            Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
            Assert.Contains("password-reused", problem.GetProperty("errors").GetProperty("newPassword").EnumerateArray().Select(c => c.GetString()));
        }
    }

    [Fact]
    public async Task ChangePassword_WeakNewPassword_PolicyCodesAndNothingChanges()
    {
        var (email, session) = await SignedInAsync();

        using var response = await PutAsync("/api/account/password", new { currentPassword = Journeys.Password, newPassword = "court1" }, session);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("password-too-short", (await response.JsonAsync()).GetProperty("errors").GetProperty("newPassword").EnumerateArray().Select(c => c.GetString()));
        await host.SignInAsync(email);
    }

    [Fact]
    public async Task ChangePassword_FiveWrongCurrentPasswords_LocksSignInLikeFailedSignIns()
    {
        var (email, session) = await SignedInAsync("verrou");
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await PutAsync("/api/account/password", new { currentPassword = "Mauvais-Secret-" + i + "xx", newPassword = NewPassword }, session);
            Assert.Equal("password-incorrect", await wrong.ProblemCodeAsync());
        }

        using var locked = await host.Client.PostJsonAsync("/api/sessions", new { email, password = Journeys.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        using var lockedHere = await PutAsync("/api/account/password", new { currentPassword = Journeys.Password, newPassword = NewPassword }, session);
        Assert.Equal("password-incorrect", await lockedHere.ProblemCodeAsync());
        await host.Mailbox.WaitForMessageAsync(email, MailWait, m => m.Subject.Contains("bloqu", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Change_WrongCurrentPassword_PasswordIncorrectAndNothingChanges(string path, string template)
    {
        var (email, session) = await SignedInAsync();
        var before = await SummaryAsync(session);

        using var response = await PutAsync(path, template.Replace("{0}", "Pas-Le-Bon-Secret-12", StringComparison.Ordinal), session);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("password-incorrect", await response.ProblemCodeAsync());
        Assert.Equal(before.ToString(), (await SummaryAsync(session)).ToString());
        await host.SignInAsync(email);
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Change_AfterSignOut_SessionInvalid(string path, string template)
    {
        var (_, session) = await SignedInAsync();
        using (var signOut = await host.Client.SendJsonAsync(HttpMethod.Delete, "/api/sessions/current", null, session))
        {
            Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        }

        using var response = await PutAsync(path, template.Replace("{0}", Journeys.Password, StringComparison.Ordinal), session);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("session-invalid", await response.ProblemCodeAsync());
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Change_OtherSessionAfterPasswordChange_SessionInvalid(string path, string template)
    {
        var (email, session) = await SignedInAsync();
        var old = await host.SignInAsync(email);
        using (var change = await PutAsync("/api/account/password", new { currentPassword = Journeys.Password, newPassword = "Autre-Tilleul-5820" }, session))
        {
            Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        }

        using var response = await PutAsync(path, template.Replace("{0}", "Autre-Tilleul-5820", StringComparison.Ordinal), old);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("session-invalid", await response.ProblemCodeAsync());
    }

    [Fact]
    public async Task ChangeSecurityQuestion_RightCurrentPassword_SummaryShowsItAndHolderNotified()
    {
        var (email, session) = await SignedInAsync();

        using var response = await PutAsync("/api/account/security-question", new { currentPassword = Journeys.Password, securityQuestionId = 4, securityAnswer = "Jules Ferry" }, session);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(4, (await SummaryAsync(session)).GetProperty("securityQuestion").GetProperty("id").GetInt32());
        var notice = await WaitForSubjectAsync(email, "question de confiance a été modifiée");
        Assert.DoesNotContain("Jules", notice.TextBody!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ChangeSecurityQuestion_UnknownQuestionOrShortAnswer_FieldErrors()
    {
        var (_, session) = await SignedInAsync();

        using var response = await PutAsync("/api/account/security-question", new { currentPassword = Journeys.Password, securityQuestionId = 999, securityAnswer = "a" }, session);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.Equal("security-question-unknown", errors.GetProperty("securityQuestionId")[0].GetString());
        Assert.True(errors.TryGetProperty("securityAnswer", out _));
    }

    [Fact]
    public async Task ChangePhone_NationalNumber_StoredCanonicalShownMaskedAndNotified()
    {
        var (email, session) = await SignedInAsync();

        using var response = await PutAsync("/api/account/phone", new { currentPassword = Journeys.Password, phone = "07 98 76 54 32" }, session);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("+33•••••••32", (await SummaryAsync(session)).GetProperty("phone").GetString());
        var notice = await WaitForSubjectAsync(email, "téléphone a été modifié");
        Assert.Contains("+33•••••••32", notice.TextBody!, StringComparison.Ordinal);
        Assert.DoesNotContain("98 76 54", notice.TextBody!, StringComparison.Ordinal);
        Assert.Contains(await StorageInspection.AccountsWithEmailAsync(host, email), a => (string)a["Phone"] == "+33798765432");
    }

    [Fact]
    public async Task ChangePhone_Null_RemovesPhone()
    {
        var (email, session) = await SignedInAsync();

        using var response = await PutAsync("/api/account/phone", "{\"currentPassword\":\"" + Journeys.Password + "\",\"phone\":null}", session);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await SummaryAsync(session)).GetProperty("phone").ValueKind);
        await WaitForSubjectAsync(email, "téléphone a été modifié");
    }

    [Fact]
    public async Task ChangePhone_NotAPhone_PhoneInvalid()
    {
        var (_, session) = await SignedInAsync();

        using var response = await PutAsync("/api/account/phone", new { currentPassword = Journeys.Password, phone = "12" }, session);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("phone-invalid", (await response.JsonAsync()).GetProperty("errors").GetProperty("phone")[0].GetString());
    }

    [Fact]
    public async Task ChangeEmail_FreeAddress_LinkToNewOldToldAndChangeOnlyOnConfirm()
    {
        var (email, session) = await SignedInAsync();
        var newEmail = Journeys.NewEmail("nouvelle");

        using var response = await PutAsync("/api/account/email", new { currentPassword = Journeys.Password, newEmail = newEmail.ToUpperInvariant() }, session);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await response.JsonAsync()).GetProperty("message").GetString()));
        var requested = await WaitForSubjectAsync(email, "Demande de modification");
        Assert.DoesNotContain(newEmail, requested.TextBody!, StringComparison.OrdinalIgnoreCase);
        var token = await host.WaitForLinkTokenAsync(newEmail, "Confirmez");
        Assert.Equal(email, (await SummaryAsync(session)).GetProperty("email").GetString());

        using var confirm = await host.Client.PostJsonAsync("/api/account/email/confirm", new { token });

        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Equal(newEmail, (await confirm.JsonAsync()).GetProperty("email").GetString());
        Assert.Equal(newEmail, (await SummaryAsync(session)).GetProperty("email").GetString());
        await WaitForSubjectAsync(email, "adresse électronique a été modifiée");
        await host.SignInAsync(newEmail);
        using var oldAddress = await host.Client.PostJsonAsync("/api/sessions", new { email, password = Journeys.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, oldAddress.StatusCode);
    }

    [Fact]
    public async Task ChangeEmail_TakenAddress_SameResponseNoChangeNothingToTakenAddress()
    {
        var (email, session) = await SignedInAsync();
        var taken = Journeys.NewEmail("prise");
        await host.CreateActiveAccountAsync(taken);
        await WaitForSubjectAsync(taken, "capitulatif");
        var takenMessages = host.Mailbox.ListMessagesTo(taken).Count;
        var free = Journeys.NewEmail("libre");
        using var outcomes = new MeasurementTally(host.Host.Services);

        using var toTaken = await PutAsync("/api/account/email", new { currentPassword = Journeys.Password, newEmail = taken }, session);
        using var toFree = await PutAsync("/api/account/email", new { currentPassword = Journeys.Password, newEmail = free }, session);

        Assert.Equal(HttpStatusCode.Accepted, toTaken.StatusCode);
        Assert.Equal(toFree.StatusCode, toTaken.StatusCode);
        Assert.Equal(await toFree.Content.ReadAsStringAsync(), await toTaken.Content.ReadAsStringAsync());

        // The outbox has processed both requests once the free address's link and both notices have arrived.
        await host.WaitForLinkTokenAsync(free, "Confirmez");
        await WaitUntilAsync(() => host.Mailbox.ListMessagesTo(email).Count(m => m.Subject.Contains("Demande de modification", StringComparison.Ordinal)) == 2);
        // The taken address's link has no recipient: once it is dropped, nothing can reach that address later.
        await outcomes.WaitForAsync(RecoveryMetrics.EmailDropped, "template=EmailChangeLink", 1);
        Assert.Equal(1, outcomes[RecoveryMetrics.EmailDropped, "template=EmailChangeLink"]);
        Assert.Equal(takenMessages, host.Mailbox.ListMessagesTo(taken).Count);
        Assert.Equal(email, (await SummaryAsync(session)).GetProperty("email").GetString());
        await host.SignInAsync(taken);
    }

    [Fact]
    public async Task ChangeEmail_InvalidOrSameAddress_FieldErrors()
    {
        var (email, session) = await SignedInAsync();

        using var invalid = await PutAsync("/api/account/email", new { currentPassword = Journeys.Password, newEmail = "pas-une-adresse" }, session);
        using var same = await PutAsync("/api/account/email", new { currentPassword = Journeys.Password, newEmail = " " + email.ToUpperInvariant() }, session);

        Assert.Equal("email-invalid", (await invalid.JsonAsync()).GetProperty("errors").GetProperty("newEmail")[0].GetString());
        Assert.Equal("email-unchanged", (await same.JsonAsync()).GetProperty("errors").GetProperty("newEmail")[0].GetString());
    }

    [Fact]
    public async Task ConfirmEmailChange_SameLinkTwice_SecondIsLinkUsed()
    {
        var (_, token) = await RequestEmailChangeAsync();

        using var first = await host.Client.PostJsonAsync("/api/account/email/confirm", new { token });
        using var second = await host.Client.PostJsonAsync("/api/account/email/confirm", new { token });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, second.StatusCode);
        Assert.Equal("link-used", await second.ProblemCodeAsync());
    }

    [Fact]
    public async Task ConfirmEmailChange_TenInParallel_ExactlyOneSuccess()
    {
        var (newEmail, token) = await RequestEmailChangeAsync();

        await Races.ExactlyOneWinsAsync(10, _ => host.Client.PostJsonAsync("/api/account/email/confirm", new { token }), loser: HttpStatusCode.Gone);

        Assert.Single(await StorageInspection.AccountsWithEmailAsync(host, newEmail));
    }

    [Fact]
    public async Task ConfirmEmailChange_AfterPasswordChange_LinkRevoked()
    {
        var (email, session) = await SignedInAsync();
        var newEmail = Journeys.NewEmail("nouvelle");
        using (var request = await PutAsync("/api/account/email", new { currentPassword = Journeys.Password, newEmail }, session))
        {
            Assert.Equal(HttpStatusCode.Accepted, request.StatusCode);
        }

        var token = await host.WaitForLinkTokenAsync(newEmail, "Confirmez");
        using (var change = await PutAsync("/api/account/password", new { currentPassword = Journeys.Password, newPassword = NewPassword }, session))
        {
            Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        }

        using var confirm = await host.Client.PostJsonAsync("/api/account/email/confirm", new { token });

        Assert.Equal(HttpStatusCode.Gone, confirm.StatusCode);
        Assert.Equal("link-expired", await confirm.ProblemCodeAsync());
        Assert.Equal(email, (await SummaryAsync(await host.SignInAsync(email, NewPassword))).GetProperty("email").GetString());
    }

    [Fact]
    public async Task ConfirmEmailChange_AddressTakenMeanwhile_EmailTakenConflict()
    {
        var (newEmail, token) = await RequestEmailChangeAsync();
        await host.CreateActiveAccountAsync(newEmail);

        using var confirm = await host.Client.PostJsonAsync("/api/account/email/confirm", new { token });

        Assert.Equal(HttpStatusCode.Conflict, confirm.StatusCode);
        Assert.Equal("email-taken", await confirm.ProblemCodeAsync());
        Assert.Single(await StorageInspection.AccountsWithEmailAsync(host, newEmail));
    }

    private async Task<(string Email, string Session)> SignedInAsync(string tag = "usager")
    {
        var email = Journeys.NewEmail(tag);
        await host.CreateActiveAccountAsync(email);
        return (email, await host.SignInAsync(email));
    }

    /// <summary>A signed-in holder asks for a new address; returns that address and the token from its link.</summary>
    private async Task<(string NewEmail, string Token)> RequestEmailChangeAsync()
    {
        var (_, session) = await SignedInAsync();
        var newEmail = Journeys.NewEmail("nouvelle");
        using var response = await PutAsync("/api/account/email", new { currentPassword = Journeys.Password, newEmail }, session);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (newEmail, await host.WaitForLinkTokenAsync(newEmail, "Confirmez"));
    }

    private Task<HttpResponseMessage> PutAsync(string path, object body, string session)
        => host.Client.SendJsonAsync(HttpMethod.Put, path, body, session);

    private async Task<System.Text.Json.JsonElement> SummaryAsync(string session)
    {
        using var response = await host.Client.GetAsync("/api/account", session);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    private async Task AssertSessionRevokedAsync(string session)
    {
        using var response = await host.Client.GetAsync("/api/account", session);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("session-invalid", await response.ProblemCodeAsync());
    }

    private Task<LocalMailMessage> WaitForSubjectAsync(string email, string fragment)
        => host.Mailbox.WaitForMessageAsync(email, MailWait, m => m.Subject.Contains(fragment, StringComparison.OrdinalIgnoreCase));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(MailWait);
        while (!condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
        }
    }
}
