using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Infrastructure.Storage;
using RecoveryFunctions.Tests.Support;

namespace RecoveryFunctions.Tests.EndToEnd;

/// <summary>SPEC §5: after real journeys, no password, answer, token or captcha text in tables, queues or logs.</summary>
[Collection(LocalHostCollection.Name)]
public sealed class SecretsAtRestTests(LocalHostFixture host)
{
    [Fact]
    public async Task Journeys_Afterwards_NoSecretInTablesQueuesOrLogs()
    {
        const string password = "Secret-Temoin-7391";
        const string answer = "Réponse Témoin Unique";
        var email = Journeys.NewEmail("controle");
        using (var register = await host.Client.PostJsonAsync("/api/accounts", Journeys.RegistrationBody(email, password, answer)))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, register.StatusCode);
        }

        var activationToken = await host.WaitForLinkTokenAsync(email, "activ");
        using (await host.Client.PostJsonAsync("/api/accounts/activate", new { token = activationToken }))
        {
        }

        var session = await host.SignInAsync(email, password);
        using (await host.Client.PostJsonAsync("/api/sessions", new { email, password = "Mauvais-Temoin-0000" }))
        {
        }

        using var captcha = await host.Client.CreateCaptchaAsync("password-recovery");
        var captchaId = (await captcha.JsonAsync()).GetProperty("captchaId").GetString()!;

        // The forgotten-password procedure: its flow ids, link token, code, answer and new password.
        var firstFlow = await host.IdentifyAsync(email);
        var recoveryEmail = await host.RecoveryEmailAsync(email);
        var recoveryToken = Journeys.TokenIn(recoveryEmail);
        var code = RecoverySteps.CodeIn(recoveryEmail);
        using (await host.Client.PostJsonAsync("/api/password-recovery/verify", new { flowId = firstFlow, code = "2222-2222" }))
        {
        }

        var secondFlow = (await host.VerifyLinkAsync(recoveryToken)).GetProperty("flowId").GetString()!;
        using (await host.Client.PostJsonAsync("/api/password-recovery/answer", new { flowId = secondFlow, answer = "pas celle-ci" }))
        {
        }

        await host.AnswerAsync(secondFlow, answer);
        using (var reset = await host.SetPasswordAsync(secondFlow, "Apres-Oubli-Temoin-55"))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, reset.StatusCode);
        }

        var secrets = new[]
        {
            password, "Mauvais-Temoin-0000", answer, "reponse temoin unique", "pas celle-ci", activationToken, session, captchaId,
            firstFlow, secondFlow, recoveryToken, code, code.Replace("-", "", StringComparison.Ordinal), "Apres-Oubli-Temoin-55",
        };
        var tables = await StorageInspection.AllTableTextAsync(host);
        var names = host.Host.Services.GetRequiredService<TableNames>();
        var queued = (await StorageInspection.PeekQueueAsync(host, names.EmailQueue)).Concat(await StorageInspection.PeekQueueAsync(host, names.EmailPoisonQueue)).ToList();

        Assert.NotEmpty(tables);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(tables, row => row.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(host.Logs.Lines, line => line.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }

        // A queued email may carry its own link, never a password, an answer or a session.
        foreach (var secret in new[] { password, answer, "reponse temoin unique", session })
        {
            Assert.DoesNotContain(queued, message => message.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }
}
