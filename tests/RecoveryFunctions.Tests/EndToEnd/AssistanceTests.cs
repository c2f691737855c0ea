using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.DevServices.Email;
using RecoveryFunctions.DevServices.Issuer;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.EndToEnd;

/// <summary>Helpdesk assistance (contract §2.5) over HTTP: agent authentication, the reason gate, the agent view, the helpdesk link, unlock, the audit trail.</summary>
[Collection(LocalHostCollection.Name)]
public sealed class AssistanceTests(LocalHostFixture host)
{
    private const string ActionSubject = "Intervention de l’assistance";
    private const string LinkSubject = "Définissez un nouveau mot de passe";
    private static readonly TimeSpan MailWait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AgentCall_BadOrMissingToken_RefusedAndNothingWritten()
    {
        var (email, number) = await ActiveAccountAsync("jeton");
        using var queued = new MeasurementTally(host.Host.Services);
        var issuer = host.Host.Services.GetRequiredService<DevelopmentIssuer>();
        var time = host.Host.Services.GetRequiredService<TimeProvider>();
        var cases = new (string Name, string? Token, HttpStatusCode Status, string Code)[]
        {
            ("none", null, HttpStatusCode.Unauthorized, "agent-unauthenticated"),
            ("malformed", "pas-un-jeton", HttpStatusCode.Unauthorized, "agent-unauthenticated"),
            ("expired", ForgedAgentToken.Create(issuer, time, d => (d.IssuedAt, d.NotBefore, d.Expires) = (d.IssuedAt!.Value.AddHours(-2), d.NotBefore!.Value.AddHours(-2), d.Expires!.Value.AddHours(-1.5))), HttpStatusCode.Unauthorized, "agent-unauthenticated"),
            ("wrong issuer", ForgedAgentToken.Create(issuer, time, d => d.Issuer = "https://login.microsoftonline.com/11111111-1111-1111-1111-111111111111/v2.0"), HttpStatusCode.Unauthorized, "agent-unauthenticated"),
            ("wrong audience", ForgedAgentToken.Create(issuer, time, d => d.Audience = "api://une-autre-application"), HttpStatusCode.Unauthorized, "agent-unauthenticated"),
            ("bad signature", ForgedAgentToken.Create(issuer, time, signWith: ForgedAgentToken.OtherKey(issuer.Key.KeyId)), HttpStatusCode.Unauthorized, "agent-unauthenticated"),
            ("unknown key", ForgedAgentToken.Create(issuer, time, signWith: ForgedAgentToken.OtherKey("cle-inconnue")), HttpStatusCode.Unauthorized, "agent-unauthenticated"),
            ("no role", await host.AgentTokenAsync(roles: ["Recovery.Lecture"]), HttpStatusCode.Forbidden, "agent-forbidden"),
        };

        foreach (var (name, token, status, code) in cases)
        {
            foreach (var (method, path) in Endpoints(number))
            {
                using var response = await host.AgentSendAsync(method, path, token);
                Assert.True(status == response.StatusCode, $"{name} {method} {path}: {response.StatusCode}");
                Assert.Equal(code, await response.ProblemCodeAsync());
            }
        }

        await AssertNothingWrittenAsync(email, number, queued);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   court    ")]
    [InlineData("UTF-8''%20%20%C3%A9t%C3%A9%20%20")]
    public async Task AgentCall_MissingOrShortReason_ReasonRequiredAndNothingWritten(string? reason)
        => await AssertReasonRefusedAsync(reason, "reason-required");

    [Theory]
    [InlineData("Motif\tavec une tabulation")]
    [InlineData("UTF-8''Motif%0Aavec%20un%20saut%20de%20ligne")]
    [InlineData("UTF-8''Motif%0D%0AType%3Dassistance-unlock")]
    [InlineData("UTF-8''Motif%C2%85avec%20un%20NEL%20(C1)")]
    [InlineData("UTF-8''Motif%E2%80%A8avec%20un%20s%C3%A9parateur%20de%20ligne")]
    [InlineData("UTF-8''Motif%E2%80%A9avec%20un%20s%C3%A9parateur%20de%20paragraphe")]
    [InlineData("UTF-8''Motif%20%E2%80%AEesrevni%20ettirc%C3%A9")]
    [InlineData("UTF-8''Motif%20%E2%81%A6isol%C3%A9%E2%81%A9%20dans%20le%20texte")]
    [InlineData("UTF-8''Motif%20%E2%80%8Fmarque%20droite-%C3%A0-gauche")]
    [InlineData("UTF-8''Motif%20%D8%9Cmarque%20de%20lettre%20arabe")]
    public async Task AgentCall_ReasonWithLineOrDirectionCharacter_RefusedAndNothingWritten(string reason)
        => await AssertReasonRefusedAsync(reason, "reason-characters-forbidden");

    [Fact]
    public async Task AgentCall_ReasonMadeOfOrPaddedWithInvisibleCharacters_RefusedAndNothingWritten()
    {
        var (email, number) = await ActiveAccountAsync("invisible");
        using var queued = new MeasurementTally(host.Host.Services);
        var token = await host.AgentTokenAsync();

        // The six characters of issue 20 item 6, each alone (a blank reason) and as padding to the 10-character minimum,
        // sent as the console sends non-ASCII reasons (RFC 8187 UTF-8'' percent-encoding).
        foreach (var c in new[] { "\u200B", "\u2060", "\uFEFF", "\u00AD", "\u3164", "\u200D" })
        {
            foreach (var reason in new[] { string.Concat(Enumerable.Repeat(c, 12)), "Appel" + string.Concat(Enumerable.Repeat(c, 8)) })
            {
                foreach (var (method, path) in Endpoints(number))
                {
                    using var response = await host.AgentSendAsync(method, path, token, "UTF-8''" + Uri.EscapeDataString(reason));
                    Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"U+{(int)c[0]:X4} {method} {path}: {response.StatusCode}");
                    Assert.Equal("reason-characters-forbidden", await response.ProblemCodeAsync());
                }
            }
        }

        await AssertNothingWrittenAsync(email, number, queued);
    }

    [Fact]
    public async Task AgentCall_DisplayNameWithLineBreakAndOverride_TrailShowsItEscaped()
    {
        var (_, number) = await ActiveAccountAsync("nom-forge");
        var token = await host.AgentTokenAsync("Agent Test\r\n2026-12-01 | assistance-unlock | agent:admin \u202Eelbuod");

        using var response = await host.AgentSendAsync(HttpMethod.Get, "/api/assistance/accounts?subscriberNumber=" + number, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = Assert.Single(await host.AuditRowsAsync(number));
        Assert.Contains("AgentName=Agent Test\\u000D\\u000A2026-12-01 | assistance-unlock | agent:admin \\u202Eelbuod", row, StringComparison.Ordinal);
        var actor = (await EventsAsync(number, token))[^1].GetProperty("actor").GetString()!;
        Assert.DoesNotContain(actor, c => c is '\r' or '\n' or '\u202E');
        Assert.Contains("\\u000D\\u000A", actor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LookUp_BySubscriberNumberOrEmail_AgentViewWithoutAnySecret()
    {
        var (email, number) = await ActiveAccountAsync("vue");
        var session = await host.SignInAsync(email);
        await host.IdentifyAsync(email);
        var recoveryMail = await host.RecoveryEmailAsync(email);
        var token = await host.AgentTokenAsync();

        using var byNumber = await host.AgentSendAsync(HttpMethod.Get, $"/api/assistance/accounts?subscriberNumber={number}", token);
        using var byEmail = await host.AgentSearchAsync(email.ToUpperInvariant(), token, language: "en");
        using var unknown = await host.AgentSearchAsync(Journeys.NewEmail("absent"), token);
        using var notAnEmail = await host.AgentSearchAsync("pas une adresse\u202E", token);
        using var emailInUrl = await host.AgentSendAsync(HttpMethod.Get, $"/api/assistance/accounts?email={Uri.EscapeDataString(email)}", token);
        using var both = await host.AgentSendAsync(HttpMethod.Get, $"/api/assistance/accounts?email=a@b.fr&subscriberNumber={number}", token);
        using var badNumber = await host.AgentSendAsync(HttpMethod.Get, "/api/assistance/accounts?subscriberNumber=1234567890123", token);

        Assert.Equal(HttpStatusCode.OK, byNumber.StatusCode);
        Assert.Equal("no-store", byNumber.Headers.CacheControl?.ToString());
        var view = await byNumber.JsonAsync();
        Assert.Equal(number, view.GetProperty("subscriberNumber").GetString());
        Assert.Equal(email, view.GetProperty("email").GetString());
        Assert.Equal(Journeys.QuestionId, view.GetProperty("securityQuestion").GetProperty("id").GetInt32());
        Assert.False(string.IsNullOrEmpty(view.GetProperty("securityQuestion").GetProperty("text").GetString()));
        Assert.Equal("+33•••••••78", view.GetProperty("phone").GetString());
        Assert.Equal("active", view.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("recoveryLockedUntil").ValueKind);
        Assert.Equal(JsonValueKind.Null, view.GetProperty("signInLockedUntil").ValueKind);
        Assert.Equal(number, (await byEmail.JsonAsync()).GetProperty("subscriberNumber").GetString());
        Assert.Equal("account-not-found", await unknown.ProblemCodeAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("email-invalid", (await notAnEmail.JsonAsync()).GetProperty("errors").GetProperty("email")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, emailInUrl.StatusCode);
        Assert.Equal("email-in-url", await emailInUrl.ProblemCodeAsync());
        Assert.Equal("email-in-url", await both.ProblemCodeAsync());
        Assert.Equal("subscriber-number-invalid", await badNumber.ProblemCodeAsync());
        await WaitForMailAsync(email, m => m.Subject.Contains(ActionSubject, StringComparison.Ordinal));

        var stored = Assert.Single(await StorageInspection.AccountsWithEmailAsync(host, email));
        string[] secrets =
        [
            Journeys.Password, Journeys.Answer, "medor le chien", stored.GetString("PasswordHash"), stored.GetString("SecurityAnswerHash"),
            session, Journeys.TokenIn(recoveryMail), RecoverySteps.CodeIn(recoveryMail), "$argon2id",
        ];
        var texts = new List<string> { await byNumber.Content.ReadAsStringAsync(), await byEmail.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync() };
        var audit = await host.AuditRowsAsync(number);
        Assert.Equal(2, audit.Count(r => r.Contains("Type=assistance-look-up", StringComparison.Ordinal)));
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(texts, t => t.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(audit, r => r.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task HelpdeskLink_VerifyThenNewPassword_SignsInAndHolderEmailedAtEachStep()
    {
        var (email, number) = await ActiveAccountAsync("guichet");
        var token = await host.AgentTokenAsync();

        using var sent = await host.AgentSendAsync(HttpMethod.Post, $"/api/assistance/accounts/{number}/recovery-link", token);

        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var notice = await WaitForMailAsync(email, m => m.Subject.Contains(ActionSubject, StringComparison.Ordinal));
        Assert.Contains("lien pour définir un nouveau mot de passe", notice.TextBody!, StringComparison.Ordinal);
        var link = await WaitForMailAsync(email, m => m.Subject.Contains(LinkSubject, StringComparison.Ordinal));
        Assert.StartsWith("http://localhost:5173/mot-de-passe-oublie#token=", Journeys.LinkIn(link), StringComparison.Ordinal);

        var verified = await host.VerifyLinkAsync(Journeys.TokenIn(link));
        Assert.Equal(JsonValueKind.Null, verified.GetProperty("securityQuestion").ValueKind);
        var flowId = verified.GetProperty("flowId").GetString()!;
        using var answer = await host.Client.PostJsonAsync("/api/password-recovery/answer", new { flowId, answer = Journeys.Answer });
        Assert.Equal("flow-step-invalid", await answer.ProblemCodeAsync());
        using var reset = await host.SetPasswordAsync(flowId);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        await WaitForMailAsync(email, m => m.Subject.Contains("mot de passe a été modifié", StringComparison.Ordinal));
        await host.SignInAsync(email, RecoverySteps.NewPassword);

        using var again = await host.Client.PostJsonAsync("/api/password-recovery/verify", new { token = Journeys.TokenIn(link) });
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        var events = await EventsAsync(number, token);
        Assert.Equal(["assistance-events-read", "password-reset", "recovery-verified", "assistance-recovery-link"], events.Select(e => e.GetProperty("type").GetString()!).ToArray());
        Assert.StartsWith("agent:", events[^1].GetProperty("actor").GetString(), StringComparison.Ordinal);
        Assert.Contains(AgentCalls.AgentName, events[^1].GetProperty("actor").GetString(), StringComparison.Ordinal);
        Assert.Equal(AgentCalls.Reason, events[^1].GetProperty("detail").GetString());
        Assert.Equal("holder", events[1].GetProperty("actor").GetString());
        Assert.Equal("helpdesk-link", events[2].GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Unlock_RecoveryAndSignInLocked_BothClearedAndHolderEmailed()
    {
        var (email, number) = await ActiveAccountAsync("deblocage");
        await host.IdentifyAsync(email);
        var flowId = (await host.VerifyLinkAsync(Journeys.TokenIn(await host.RecoveryEmailAsync(email)))).GetProperty("flowId").GetString()!;
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await host.Client.PostJsonAsync("/api/password-recovery/answer", new { flowId, answer = $"mauvaise reponse {i}" });
            Assert.Equal(i < 2 ? "answer-incorrect" : "recovery-locked", await wrong.ProblemCodeAsync());
        }

        for (var i = 0; i < 5; i++)
        {
            using (await host.Client.PostJsonAsync("/api/sessions", new { email, password = "Mauvais-Essai-0000" }))
            {
            }
        }

        using (var lockedOut = await host.Client.PostJsonAsync("/api/sessions", new { email, password = Journeys.Password }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, lockedOut.StatusCode);
        }

        var token = await host.AgentTokenAsync();
        var before = await LookUpAsync(number, token);
        Assert.Equal(JsonValueKind.String, before.GetProperty("recoveryLockedUntil").ValueKind);
        Assert.Equal(JsonValueKind.String, before.GetProperty("signInLockedUntil").ValueKind);

        using var unlock = await host.AgentSendAsync(HttpMethod.Post, $"/api/assistance/accounts/{number}/unlock", token, "Ticket 4521: identity checked by phone");

        Assert.Equal(HttpStatusCode.NoContent, unlock.StatusCode);
        var after = await LookUpAsync(number, token);
        Assert.Equal(JsonValueKind.Null, after.GetProperty("recoveryLockedUntil").ValueKind);
        Assert.Equal(JsonValueKind.Null, after.GetProperty("signInLockedUntil").ValueKind);
        await WaitForMailAsync(email, m => m.Subject.Contains(ActionSubject, StringComparison.Ordinal) && m.TextBody!.Contains("Déblocage", StringComparison.Ordinal));
        await host.SignInAsync(email);
        await host.IdentifyAsync(email);
        
        // Third "Réinitialisation" email: the first link, the lock notice, then this new link.
        var verified = await host.VerifyLinkAsync(Journeys.TokenIn(await host.RecoveryEmailAsync(email, 3)));
        Assert.Equal(3, verified.GetProperty("attemptsLeft").GetInt32());

        var types = (await EventsAsync(number, token)).Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(2, types.Count(t => t == "recovery-answer-wrong"));
        Assert.Contains("recovery-locked", types);
        Assert.Contains("sign-in-locked", types);
        Assert.Contains("assistance-unlock", types);
        Assert.True(types.IndexOf("assistance-unlock") < types.IndexOf("recovery-locked"), "Newest first.");
    }

    private async Task AssertReasonRefusedAsync(string? reason, string code)
    {
        var (email, number) = await ActiveAccountAsync("motif");
        using var queued = new MeasurementTally(host.Host.Services);
        var token = await host.AgentTokenAsync();

        foreach (var (method, path) in Endpoints(number))
        {
            using var response = await host.AgentSendAsync(method, path, token, reason);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(code, await response.ProblemCodeAsync());
        }

        using var search = await host.AgentSendAsync(HttpMethod.Post, "/api/assistance/accounts/search", token, reason, body: new { email });
        Assert.Equal(code, await search.ProblemCodeAsync());
        using var tooLong = await host.AgentSendAsync(HttpMethod.Post, $"/api/assistance/accounts/{number}/unlock", token, new string('m', 501));
        Assert.Equal("reason-required", await tooLong.ProblemCodeAsync());
        await AssertNothingWrittenAsync(email, number, queued);
    }

    private static IEnumerable<(HttpMethod Method, string Path)> Endpoints(string number) =>
    [
        (HttpMethod.Get, "/api/assistance/accounts?subscriberNumber=" + number),
        (HttpMethod.Post, $"/api/assistance/accounts/{number}/recovery-link"),
        (HttpMethod.Post, $"/api/assistance/accounts/{number}/unlock"),
        (HttpMethod.Get, $"/api/assistance/accounts/{number}/events"),
    ];

    private async Task<(string Email, string SubscriberNumber)> ActiveAccountAsync(string tag)
    {
        var email = Journeys.NewEmail(tag);
        var summary = await host.CreateActiveAccountAsync(email);
        return (email, summary.GetProperty("subscriberNumber").GetString()!);
    }

    private Task<JsonElement> LookUpAsync(string number, string token) => host.AgentLookUpAsync(number, token);

    private async Task<JsonElement[]> EventsAsync(string number, string token)
    {
        using var response = await host.AgentSendAsync(HttpMethod.Get, $"/api/assistance/accounts/{number}/events", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).EnumerateArray().ToArray();
    }

    /// <summary>Waits for a matching email; on timeout, says which subjects did arrive.</summary>
    private async Task<LocalMailMessage> WaitForMailAsync(string email, Func<LocalMailMessage, bool> match)
    {
        try
        {
            return await host.Mailbox.WaitForMessageAsync(email, MailWait, match);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + " Received: " + string.Join(" / ", host.Mailbox.ListMessagesTo(email).Select(m => m.Subject)), e);
        }
    }

    /// <summary>No audit row, nothing put on the outbox since <paramref name="queued"/> began (so no email can come later), none beyond registration's.</summary>
    private async Task AssertNothingWrittenAsync(string email, string number, MeasurementTally queued)
    {
        Assert.Empty(await host.AuditRowsAsync(number));
        Assert.Equal(0, queued[RecoveryMetrics.EmailQueued]);
        IReadOnlyList<LocalMailMessage> messages = host.Mailbox.ListMessagesTo(email);
        Assert.DoesNotContain(messages, m => m.Subject.Contains(ActionSubject, StringComparison.Ordinal) || m.Subject.Contains(LinkSubject, StringComparison.Ordinal));
    }
}
