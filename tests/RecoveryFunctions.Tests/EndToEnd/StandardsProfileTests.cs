using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using RecoveryFunctions.TestSupport;
using RecoveryFunctions.Tests.Summary;

namespace RecoveryFunctions.Tests.EndToEnd;

/// <summary>A system of its own under the ASVS standards profile (docs/security/standards-profile.md).</summary>
public sealed class AsvsHostFixture : LocalHostFixture
{
    protected override IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>(StandardsProfiles.Asvs)
    {
        ["Captcha:Mode"] = "AlwaysPass",
    };
}

/// <summary>The ASVS profile over real HTTP: no question anywhere, and a reset that passes through the holder's factor.</summary>
public sealed class StandardsProfileTests(AsvsHostFixture host) : IClassFixture<AsvsHostFixture>
{
    [Fact]
    public async Task Profile_Asvs_NoQuestion_FifteenCharactersWithoutComposition()
    {
        Assert.Equal("""{"profile":"Asvs","securityQuestion":false,"password":{"minLength":15,"maxLength":128,"composition":false},"recoveryLinkMinutes":10}""", await StandardsProfiles.ReadAsync(host.Client));
    }

    [Fact]
    public async Task Journey_RegisterWithoutQuestion_Codes_MailboxThenFactorThenPassword_CodeSpentAndNotified()
    {
        var email = Journeys.NewEmail("asvs");
        await ActiveAccountWithoutQuestionAsync(email);
        var codes = await host.GenerateRecoveryCodesAsync(await host.SignInAsync(email, Passphrase), Passphrase);

        var verified = await ProveMailboxAsync(email);
        Assert.Equal("factor", verified.GetProperty("next").GetString());
        Assert.Equal(["recovery-code"], verified.GetProperty("factors").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(JsonValueKind.Null, verified.GetProperty("securityQuestion").ValueKind);
        var flowId = verified.GetProperty("flowId").GetString()!;

        using (var early = await host.SetPasswordAsync(flowId))
        {
            Assert.Equal("flow-step-invalid", await early.ProblemCodeAsync());
        }

        using (var wrong = await host.Client.PostJsonAsync("/api/password-recovery/factor", new { flowId, recoveryCode = codes[9][..^1] + (codes[9][^1] == 'A' ? 'B' : 'A') }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            var problem = await wrong.JsonAsync();
            Assert.Equal(("recovery-code-incorrect", "2"), (problem.GetProperty("code").GetString(), problem.GetProperty("errors").GetProperty("attemptsLeft")[0].GetString()));
        }

        using (var right = await host.Client.PostJsonAsync("/api/password-recovery/factor", new { flowId, recoveryCode = codes[0] }))
        {
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
            Assert.Equal("password", (await right.JsonAsync()).GetProperty("next").GetString());
        }

        using (var reset = await host.SetPasswordAsync(flowId, "une phrase de passe assez longue"))
        {
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        }

        await host.SignInAsync(email, "une phrase de passe assez longue");
        var used = await host.Mailbox.WaitForMessageAsync(email, TimeSpan.FromSeconds(30), m => m.Subject.Contains("code de secours a été utilisé", StringComparison.Ordinal));
        Assert.Contains("9", used.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Journey_NoFactorEnrolled_MailboxProofLeadsToTheNewPassword()
    {
        var email = Journeys.NewEmail("asvs-vide");
        await ActiveAccountWithoutQuestionAsync(email);

        var verified = await ProveMailboxAsync(email);

        Assert.Equal("password", verified.GetProperty("next").GetString());
        Assert.Empty(verified.GetProperty("factors").EnumerateArray());
        using var reset = await host.SetPasswordAsync(verified.GetProperty("flowId").GetString()!, "une autre phrase de passe longue");
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
    }

    [Fact]
    public async Task StandaloneRecoveryCode_RefusedWhateverTheAddress()
    {
        using var response = await host.RecoverWithCodeAsync(Journeys.NewEmail("inconnu"), "ABCD-EFGH-JKMN-PQRS-TUVW-XYZ2");

        Assert.Equal("flow-step-invalid", await response.ProblemCodeAsync());
    }

    /// <summary>ASVS 6.4.2 in every place a person meets the récapitulatif: the API's summaries, the PDF, the activation email and its PDF, the agent's view.</summary>
    [Fact]
    public async Task NoQuestionAnywhere_ActivationAccountPdfSummaryEmailAgentView()
    {
        var email = Journeys.NewEmail("asvs-recap");
        var activated = await ActiveAccountWithoutQuestionAsync(email);
        var session = await host.SignInAsync(email, Passphrase);
        using var account = await host.Client.GetAsync("/api/account", session);
        using var pdf = await host.Client.GetAsync("/api/account/summary.pdf", session);
        var summaryEmail = await host.Mailbox.WaitForMessageAsync(email, TimeSpan.FromSeconds(30), m => m.Subject.Contains("Récapitulatif", StringComparison.Ordinal));
        var agentView = await host.AgentLookUpAsync(activated.GetProperty("subscriberNumber").GetString()!, await host.AgentTokenAsync());

        Assert.All([activated, await account.JsonAsync(), agentView], view => Assert.Equal(JsonValueKind.Null, view.GetProperty("securityQuestion").ValueKind));
        string[] texts = [PdfText.Read(await pdf.Content.ReadAsByteArrayAsync()).Text, summaryEmail.TextBody!, summaryEmail.HtmlBody!, PdfText.Read(Assert.Single(summaryEmail.Attachments).Content).Text];
        Assert.All(texts, text => Assert.DoesNotContain("question", text, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The in-flow passkey step from several client addresses. A stranger holding the holder's flow id sends forged
    /// answers from 6 addresses: a key the service never saw, and the holder's key id signed by another key. Each is the
    /// same 401 <c>passkey-invalid</c>; a forged signature guesses no secret, so none counts toward the recovery lock and
    /// none moves or spends the flow; each stranger's ceremonies spend only that client's allowance. The holder, from
    /// another address, then proves the key and sets the new password.
    /// </summary>
    [Fact]
    public async Task FactorPasskey_ForgedAnswersFromSixClients_NoLockNoSpentFlow_TheHolderGetsThrough()
    {
        var email = Journeys.NewEmail("asvs-cle");
        await ActiveAccountWithoutQuestionAsync(email);
        using var key = new SoftPasskey(Origin);
        await host.CreatePasskeyAsync(key, await host.SignInAsync(email, Passphrase), Passphrase);
        var verified = await ProveMailboxAsync(email);
        Assert.Equal(["passkey"], verified.GetProperty("factors").EnumerateArray().Select(f => f.GetString()));
        var flowId = verified.GetProperty("flowId").GetString()!;
        using var strangerKey = new SoftPasskey(Origin);

        for (var client = 0; client < 6; client++)
        {
            using var stranger = LoopbackSource.Client(host.Host.BaseAddress, LoopbackSource.NewAddress());
            foreach (var holdersId in new[] { false, true })
            {
                var (ceremonyId, options) = await stranger.FactorCeremonyAsync(flowId);
                var forged = strangerKey.Assert(options);
                if (holdersId)
                {
                    forged["id"] = key.CredentialId;
                    forged["rawId"] = key.CredentialId;
                }

                using var refused = await stranger.PostJsonAsync("/api/password-recovery/factor/passkey", new JsonObject { ["flowId"] = flowId, ["ceremonyId"] = ceremonyId, ["credential"] = forged });
                Assert.Equal((HttpStatusCode.Unauthorized, "passkey-invalid"), (refused.StatusCode, await refused.ProblemCodeAsync()));
            }
        }

        var (holderCeremony, holderOptions) = await host.Client.FactorCeremonyAsync(flowId);
        using (var proved = await host.Client.PostJsonAsync("/api/password-recovery/factor/passkey", new JsonObject { ["flowId"] = flowId, ["ceremonyId"] = holderCeremony, ["credential"] = key.Assert(holderOptions) }))
        {
            Assert.Equal(HttpStatusCode.OK, proved.StatusCode);
            Assert.Equal("password", (await proved.JsonAsync()).GetProperty("next").GetString());
        }

        using (var reset = await host.SetPasswordAsync(flowId, "une phrase de passe toute neuve"))
        {
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        }

        await host.SignInAsync(email, "une phrase de passe toute neuve");
    }

    /// <summary>The local front end's origin, which the relying party follows by default (Recovery:FrontEndBaseUrl).</summary>
    private const string Origin = "http://localhost:5173";

    private const string Passphrase = "ma phrase de passe sans chiffre";

    private async Task<JsonElement> ActiveAccountWithoutQuestionAsync(string email)
    {
        using (var registered = await host.Client.PostJsonAsync("/api/accounts", new { email, password = Passphrase, captchaId = "any", captchaText = "any" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);
        }

        var token = await host.WaitForLinkTokenAsync(email, "activ");
        using var activated = await host.Client.PostJsonAsync("/api/accounts/activate", new { token });
        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        return await activated.JsonAsync();
    }

    private async Task<JsonElement> ProveMailboxAsync(string email)
    {
        var flowId = await host.IdentifyAsync(email);
        var code = RecoverySteps.CodeIn(await host.RecoveryEmailAsync(email));
        using var verified = await host.Client.PostJsonAsync("/api/password-recovery/verify", new { flowId, code });
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        return await verified.JsonAsync();
    }
}
