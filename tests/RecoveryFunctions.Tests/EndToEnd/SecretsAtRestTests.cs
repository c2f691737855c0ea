using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Infrastructure.Storage;
using RecoveryFunctions.Tests.Telemetry;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.EndToEnd;

/// <summary>
/// contract §5 and §7: after real journeys, no password, answer, token, code, flow id or captcha text in tables, queues
/// (nor the address there), logs or exported telemetry.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class SecretsAtRestTests(TelemetryFixture host)
{
    [Fact]
    public async Task Journeys_Afterwards_NoSecretInTablesQueuesLogsOrTelemetry()
    {
        using var journey = host.Telemetry.StartJourney();
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

        // A helpdesk look-up by address (in the body), and one put in the URL by mistake: refused, and its request span redacts the query.
        var agent = await host.AgentTokenAsync();
        using (var search = await host.AgentSearchAsync(email, agent))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, search.StatusCode);
        }

        using (var inUrl = await host.AgentSendAsync(HttpMethod.Get, "/api/assistance/accounts?email=" + Uri.EscapeDataString(email), agent))
        {
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, inUrl.StatusCode);
        }

        var secrets = new[]
        {
            password, "Mauvais-Temoin-0000", answer, "reponse temoin unique", "pas celle-ci", activationToken, session, captchaId,
            firstFlow, secondFlow, recoveryToken, code, code.Replace("-", "", StringComparison.Ordinal), "Apres-Oubli-Temoin-55",
        };
        var tables = await StorageInspection.AllTableTextAsync(host);
        // Every outbox message: those still waiting on the four queues (both lanes and their poison queues), and every one
        // written along the way (the queue workers consumed most), each base64-decoded as Azure.Storage.Queues reads it.
        var names = host.Host.Services.GetRequiredService<TableNames>();
        var queued = host.StorageOperations.QueueMessagesWritten.ToList();
        foreach (var queue in names.AllQueues)
        {
            queued.AddRange(await StorageInspection.PeekQueueAsync(host, queue));
        }

        Assert.NotEmpty(tables);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(tables, row => row.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(host.Logs.Lines, line => line.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }

        // Exported telemetry: every span of the journeys (names, attributes, events, links) and every metric stream
        // (names, dimensions) — nor the clear address, which only masked forms may stand for.
        var spans = await host.Telemetry.WaitForSpansAsync(journey.TraceId, s => s.Any(span => span.OperationName == "email.deliver" && span.GetTagItem("email.template") as string == "PasswordChanged"));
        host.Telemetry.FlushMetrics(host.Host.Services);
        var exported = spans.Select(TelemetryText.Of).Concat(host.Telemetry.Metrics.Select(TelemetryText.Of)).ToList();
        Assert.Contains(exported, item => item.Contains("recovery.password.completed", StringComparison.Ordinal));
        Assert.Contains(exported, item => item.Contains("url.query=?email=Redacted", StringComparison.Ordinal));
        foreach (var secret in secrets.Append(email).Append(email.Split('@')[0]))
        {
            Assert.DoesNotContain(exported, item => item.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }

        // Outbox messages are sealed (docs/security/outbox-at-rest.md): not even an email's own link, code or address.
        // Every email the journeys cause was written (a worker's re-queue writes one again, so the count alone proves nothing).
        var outbox = host.Host.Services.GetRequiredService<StorageQueueEmailOutbox>();
        var written = new HashSet<EmailTemplate>();
        foreach (var text in host.StorageOperations.QueueMessagesWritten)
        {
            written.Add((await outbox.TryOpenAsync(text) ?? throw new InvalidOperationException("An outbox message did not open.")).Template);
        }

        Assert.Superset(new HashSet<EmailTemplate> { EmailTemplate.ActivationLink, EmailTemplate.RegistrationSummary, EmailTemplate.RecoveryLink, EmailTemplate.PasswordChanged, EmailTemplate.AssistanceAction }, written);
        foreach (var secret in secrets.Append(email).Append(email.Split('@')[0]))
        {
            Assert.DoesNotContain(queued, message => message.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }
}
