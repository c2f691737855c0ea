using System.Net;
using System.Text.Json.Nodes;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.EndToEnd;

/// <summary>A system of its own with a small per-client sign-in allowance (5 an hour), so the throttle test needs few requests.</summary>
public sealed class PasskeyFixture : LocalHostFixture
{
    public const int SignInsPerClient = 5;

    protected override IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>
    {
        ["Captcha:Mode"] = "AlwaysPass",
        ["Throttling:SignInPerClientPerHour"] = SignInsPerClient.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>
/// Passkeys over real HTTP (docs/security/passkeys.md), answered by <see cref="SoftPasskey"/> for the front end's
/// origin: the holder's journey, one answer for unknown and known keys, the client throttle, single use under a
/// 50-way race, and the agent's revocation.
/// </summary>
public sealed class PasskeyTests(PasskeyFixture host) : IClassFixture<PasskeyFixture>
{
    /// <summary>The local front end's origin, which the relying party follows by default (Recovery:FrontEndBaseUrl).</summary>
    private const string Origin = "http://localhost:5173";

    [Fact]
    public async Task Journey_CreateSignOutSignInWithTheKey_NewPasswordWithoutTheOld_DeleteTheKey()
    {
        var email = Journeys.NewEmail("cle");
        await host.CreateActiveAccountAsync(email);
        var session = await host.SignInAsync(email);
        using var key = new SoftPasskey(Origin);

        var created = await CreateAsync(key, session, "Mon téléphone");
        Assert.Equal((key.CredentialId, "Mon téléphone"), (created.GetProperty("id").GetString(), created.GetProperty("name").GetString()));
        await host.Mailbox.WaitForMessageAsync(email, TimeSpan.FromSeconds(30), m => m.Subject.Contains("clé d’accès", StringComparison.OrdinalIgnoreCase));
        using (var signOut = await host.Client.SendJsonAsync(HttpMethod.Delete, "/api/sessions/current", null, session))
        {
            Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        }

        // The holder forgot the password: the key opens a session, which may set a new one without the old.
        var byKey = await SignInAsync(key);
        using (var list = await host.Client.GetAsync("/api/account/passkeys", byKey))
        {
            var only = Assert.Single((await list.JsonAsync()).EnumerateArray());
            Assert.Equal(System.Text.Json.JsonValueKind.String, only.GetProperty("lastUsedAt").ValueKind);
        }

        using (var changed = await host.Client.SendJsonAsync(HttpMethod.Put, "/api/account/password", new { currentPassword = (string?)null, newPassword = RecoverySteps.NewPassword }, byKey))
        {
            Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        }

        var fresh = await host.SignInAsync(email, RecoverySteps.NewPassword);
        using (var renamed = await host.Client.SendJsonAsync(HttpMethod.Patch, "/api/account/passkeys/" + key.CredentialId, new { name = "Téléphone pro" }, fresh))
        {
            Assert.Equal("Téléphone pro", (await renamed.JsonAsync()).GetProperty("name").GetString());
        }

        using (var deleted = await host.Client.SendJsonAsync(HttpMethod.Delete, "/api/account/passkeys/" + key.CredentialId, null, fresh))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using var refused = await AnswerAsync(key);
        Assert.Equal((HttpStatusCode.Unauthorized, "passkey-invalid"), (refused.StatusCode, await refused.ProblemCodeAsync()));
    }

    [Fact]
    public async Task PasswordChangeWithoutTheOld_FromAPasswordSession_Refused()
    {
        var email = Journeys.NewEmail("sans-ancien");
        await host.CreateActiveAccountAsync(email);
        var session = await host.SignInAsync(email);

        using var refused = await host.Client.SendJsonAsync(HttpMethod.Put, "/api/account/password", new { currentPassword = (string?)null, newPassword = RecoverySteps.NewPassword }, session);

        Assert.Equal((HttpStatusCode.Forbidden, "password-incorrect"), (refused.StatusCode, await refused.ProblemCodeAsync()));
    }

    [Fact]
    public async Task SignIn_UnknownKeyAndAKnownKeysForgedAnswer_SameStatusAndBody()
    {
        var email = Journeys.NewEmail("inconnue");
        await host.CreateActiveAccountAsync(email);
        using var known = new SoftPasskey(Origin);
        await CreateAsync(known, await host.SignInAsync(email));
        using var stranger = new SoftPasskey(Origin);

        using var unknown = await AnswerAsync(stranger);
        using var forged = await AnswerAsync(stranger, answer =>
        {
            answer["id"] = known.CredentialId;
            answer["rawId"] = known.CredentialId;
        });

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(unknown.StatusCode, forged.StatusCode);
        Assert.Equal(await Journeys.BodyWithoutTraceIdAsync(unknown), await Journeys.BodyWithoutTraceIdAsync(forged));
    }

    [Fact]
    public async Task Begin_OneClientPastItsAllowance_429_AnotherClientStillServed()
    {
        using var crowd = LoopbackSource.Client(host.Host.BaseAddress, LoopbackSource.NewAddress());
        using var other = LoopbackSource.Client(host.Host.BaseAddress, LoopbackSource.NewAddress());
        for (var i = 0; i < PasskeyFixture.SignInsPerClient; i++)
        {
            using var allowed = await crowd.PostAsync("/api/sessions/passkey/options", null);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await crowd.PostAsync("/api/sessions/passkey/options", null);
        using var elsewhere = await other.PostAsync("/api/sessions/passkey/options", null);

        Assert.Equal((HttpStatusCode.TooManyRequests, "rate-limited"), (refused.StatusCode, await refused.ProblemCodeAsync()));
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
    }

    [Fact]
    public async Task SignIn_FiftyAtOnceWithOneAssertion_ExactlyOneSession()
    {
        var email = Journeys.NewEmail("course-cle");
        await host.CreateActiveAccountAsync(email);
        using var key = new SoftPasskey(Origin);
        await CreateAsync(key, await host.SignInAsync(email));
        var (ceremonyId, options) = await BeginAsync();
        var body = new JsonObject { ["ceremonyId"] = ceremonyId, ["credential"] = key.Assert(options) }.ToJsonString();

        await Races.ExactlyOneWinsAsync(50, _ => host.Client.PostAsync("/api/sessions/passkey", new StringContent(body, System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.Created, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Agent_CountInTheView_RevokesAll_Audited_KeyRefused()
    {
        var email = Journeys.NewEmail("revocation");
        var number = (await host.CreateActiveAccountAsync(email)).GetProperty("subscriberNumber").GetString()!;
        using var key = new SoftPasskey(Origin);
        await CreateAsync(key, await host.SignInAsync(email));
        var token = await host.AgentTokenAsync();

        var before = await host.AgentLookUpAsync(number, token);
        using (var revoked = await host.AgentSendAsync(HttpMethod.Delete, $"/api/assistance/accounts/{number}/passkeys", token))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        Assert.Equal(1, before.GetProperty("passkeyCount").GetInt32());
        Assert.DoesNotContain(key.CredentialId, before.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(0, (await host.AgentLookUpAsync(number, token)).GetProperty("passkeyCount").GetInt32());
        Assert.Contains(await host.AuditRowsAsync(number), row => row.Contains("assistance-passkeys-revoked", StringComparison.Ordinal));
        using var refused = await AnswerAsync(key);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private Task<System.Text.Json.JsonElement> CreateAsync(SoftPasskey key, string session, string? name = null)
        => host.CreatePasskeyAsync(key, session, name: name);

    private async Task<(string CeremonyId, JsonNode Options)> BeginAsync()
    {
        using var begun = await host.Client.PostAsync("/api/sessions/passkey/options", null);
        Assert.Equal(HttpStatusCode.OK, begun.StatusCode);
        var body = JsonNode.Parse(await begun.Content.ReadAsStringAsync())!;
        return (body["ceremonyId"]!.GetValue<string>(), body["options"]!);
    }

    private async Task<HttpResponseMessage> AnswerAsync(SoftPasskey key, Action<JsonObject>? tamper = null)
    {
        var (ceremonyId, options) = await BeginAsync();
        var answer = key.Assert(options);
        tamper?.Invoke(answer);
        return await host.Client.PostJsonAsync("/api/sessions/passkey", new JsonObject { ["ceremonyId"] = ceremonyId, ["credential"] = answer });
    }

    private async Task<string> SignInAsync(SoftPasskey key)
    {
        using var response = await AnswerAsync(key);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("sessionToken").GetString()!;
    }
}
