using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.EndToEnd;

/// <summary>The online assistance request (contract §2.7) over HTTP: the stranger's form, the holder's emails, the agents' queue.</summary>
[Collection(LocalHostCollection.Name)]
public sealed partial class AssistanceRequestTests(LocalHostFixture host)
{
    private const string Message = "Bonjour, j'ai oublié la réponse à ma question de confiance. =HYPERLINK(\"http://x\") <b>merci</b>";
    private static readonly TimeSpan MailWait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Submit_KnownUnknownNumberUnknownEmailPending_SameResponse()
    {
        var (_, number) = await ActiveAccountAsync("demande");
        var pending = Journeys.NewEmail("attente");
        await host.RegisterAsync(pending);
        var bodies = new List<string>();
        foreach (var identifiers in new object[]
        {
            new { subscriberNumber = number },
            new { subscriberNumber = RecoveryFunctions.Core.Identity.SubscriberNumber.Generate() },
            new { email = Journeys.NewEmail("inconnu") },
            new { email = pending },
        })
        {
            using var response = await SubmitAsync(identifiers);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var json = await response.JsonAsync();
            Assert.Matches("^[0-9]{8}-[0-9]{6}-[A-Z0-9]{6}$", json.GetProperty("reference").GetString());
            bodies.Add(json.GetProperty("message").GetString()! + string.Join(",", json.EnumerateObject().Select(p => p.Name)));
        }

        Assert.All(bodies, body => Assert.Equal(bodies[0], body));
    }

    [Fact]
    public async Task Submit_KnownAccount_AcknowledgedAtTheRegisteredAddressThenAssignedAndClosedByAnAgent()
    {
        var (email, number) = await ActiveAccountAsync("suivi");
        var contact = Journeys.NewEmail("contact");
        using var submitted = await SubmitAsync(new { subscriberNumber = number }, contact);
        var reference = (await submitted.JsonAsync()).GetProperty("reference").GetString()!;

        var ack = await host.Mailbox.WaitForMessageAsync(email, MailWait, m => m.Subject.Contains("demande d’assistance a été reçue", StringComparison.Ordinal));
        Assert.Contains(reference, ack.TextBody, StringComparison.Ordinal);
        Assert.Empty(host.Mailbox.ListMessagesTo(contact));

        var token = await host.AgentTokenAsync();
        var listed = await FindOpenAsync(token, reference);
        Assert.NotNull(listed);
        var item = listed.Value;
        Assert.Equal(number, item.GetProperty("account").GetProperty("subscriberNumber").GetString());
        Assert.Equal(Message, item.GetProperty("message").GetString());
        Assert.False(item.GetProperty("redacted").GetBoolean());
        Assert.Equal(1, item.GetProperty("count").GetInt32());
        Assert.Equal(contact, item.GetProperty("contact").GetProperty("email").GetString());
        var account = item.GetProperty("account").GetRawText();
        Assert.DoesNotContain("answer", account, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hash", account, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Journeys.Answer, item.GetRawText(), StringComparison.OrdinalIgnoreCase);

        using (var assigned = await host.AgentSendAsync(HttpMethod.Post, $"/api/assistance/requests/{reference}/assign", token))
        {
            Assert.Equal(HttpStatusCode.NoContent, assigned.StatusCode);
        }

        await host.Mailbox.WaitForMessageAsync(email, MailWait, m => m.TextBody!.Contains("Prise en charge de votre demande d’assistance", StringComparison.Ordinal));
        Assert.Equal(AgentCalls.AgentName, (await FindOpenAsync(token, reference))!.Value.GetProperty("assignedTo").GetString());

        using (var badOutcome = await host.AgentSendAsync(HttpMethod.Post, $"/api/assistance/requests/{reference}/close", token, body: new { outcome = "=cmd|' /C calc'!A0" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badOutcome.StatusCode);
        }

        using (var closed = await host.AgentSendAsync(HttpMethod.Post, $"/api/assistance/requests/{reference}/close", token, body: new { outcome = "resolved" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, closed.StatusCode);
        }

        await host.Mailbox.WaitForMessageAsync(email, MailWait, m => m.TextBody!.Contains("Clôture de votre demande d’assistance", StringComparison.Ordinal));
        Assert.Null(await FindOpenAsync(token, reference));
        using (var again = await host.AgentSendAsync(HttpMethod.Post, $"/api/assistance/requests/{reference}/close", token, body: new { outcome = "resolved" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
            Assert.Equal("request-not-found", await again.ProblemCodeAsync());
        }

        var audit = await host.AuditRowsAsync(number);
        Assert.Contains(audit, row => row.Contains("Type=assistance-request-received", StringComparison.Ordinal));
        Assert.Contains(audit, row => row.Contains("Type=assistance-request-assigned", StringComparison.Ordinal) && row.Contains(AgentCalls.Reason, StringComparison.Ordinal));
        Assert.Contains(audit, row => row.Contains("Type=assistance-request-closed", StringComparison.Ordinal) && row.Contains("resolved", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_SubmittedClosedAndMonitored_CountWhatHappened()
    {
        using var tally = new MeasurementTally(host.Host.Services);
        var (_, number) = await ActiveAccountAsync("mesure");
        using var submitted = await SubmitAsync(new { subscriberNumber = number });
        var reference = (await submitted.JsonAsync()).GetProperty("reference").GetString()!;
        using (await SubmitAsync(new { subscriberNumber = RecoveryFunctions.Core.Identity.SubscriberNumber.Generate() }))
        {
        }

        var token = await host.AgentTokenAsync();
        using (var closed = await host.AgentSendAsync(HttpMethod.Post, $"/api/assistance/requests/{reference}/close", token, body: new { outcome = "duplicate" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, closed.StatusCode);
        }

        using (var monitor = await host.Client.PostAsync(new Uri("/admin/functions/AssistanceRequestMonitorFunction", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.Accepted, monitor.StatusCode);
        }

        // Matched or not, a request counts once under its topic: the form answers alike, and so does the metric.
        Assert.Equal(2, tally[RecoveryMetrics.AssistanceReceived, "topic=answer-forgotten"]);
        Assert.Equal(1, tally[RecoveryMetrics.AssistanceClosed, "outcome=duplicate"]);
        Assert.True(tally[RecoveryMetrics.AssistanceOpen] >= 1, "the unmatched request is still open");
    }

    [Fact]
    public async Task Submit_TenStrangersNamingTheHolder_HolderStillAcceptedStoredAndVolumeShown()
    {
        var (email, number) = await ActiveAccountAsync("cible");
        for (var i = 0; i < 10; i++)
        {
            using var stranger = LoopbackSource.Client(host.Host.BaseAddress, LoopbackSource.NewAddress());
            using var response = await SubmitAsync(new { subscriberNumber = number, email }, message: $"Demande numéro {i} d'un tiers.", client: stranger);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var contact = Journeys.NewEmail("titulaire");
        using var holder = LoopbackSource.Client(host.Host.BaseAddress, LoopbackSource.NewAddress());
        using var own = await SubmitAsync(new { subscriberNumber = number }, contact, "C'est bien moi, le titulaire : rappelez-moi.", client: holder);

        Assert.Equal(HttpStatusCode.Accepted, own.StatusCode);
        var item = (await FindOpenAsync(await host.AgentTokenAsync(), (await own.JsonAsync()).GetProperty("reference").GetString()!))!.Value;
        Assert.Equal(contact, item.GetProperty("contact").GetProperty("email").GetString());
        Assert.Equal(number, item.GetProperty("account").GetProperty("subscriberNumber").GetString());
        var volume = item.GetProperty("volume");
        Assert.Equal("""{"lastDay":11,"lastWeek":11}""", volume.GetProperty("subscriberNumber").GetRawText());
        Assert.Equal("""{"lastDay":10,"lastWeek":10}""", volume.GetProperty("email").GetRawText());
    }

    [Fact]
    public async Task Submit_SameRequestFromThreeAddresses_OneRequestCarryingTheCount()
    {
        var number = RecoveryFunctions.Core.Identity.SubscriberNumber.Generate();
        var contact = Journeys.NewEmail("repete");
        var references = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var client = LoopbackSource.Client(host.Host.BaseAddress, LoopbackSource.NewAddress());
            using var response = await SubmitAsync(new { subscriberNumber = number }, contact, client: client);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            references.Add((await response.JsonAsync()).GetProperty("reference").GetString()!);
        }

        var token = await host.AgentTokenAsync();
        var folded = (await FindOpenAsync(token, references[0]))!.Value;
        Assert.Equal(3, folded.GetProperty("count").GetInt32());
        Assert.Equal(references[1..], folded.GetProperty("foldedReferences").EnumerateArray().Select(r => r.GetString()!));
        Assert.Equal(3, references.Distinct().Count());
        Assert.Null(await FindOpenAsync(token, references[1]));
        Assert.Null(await FindOpenAsync(token, references[2]));
    }

    [Fact]
    public async Task Submit_ReportedMessageWithPasswordAndAnswer_SameResponseStoredMaskedHolderTold()
    {
        const string Secrets = "Bonjour, je n'arrive plus à me connecter depuis hier soir, mon mot de passe est Autre-Saison-2027y et ma réponse est rue des lilas";
        const string Plain = "Bonjour, je n'arrive plus à me connecter depuis hier soir, mon mot de passe est Autre-Saison-2028z et ma réponse est rue des roses";
        var email = Journeys.NewEmail("masque");
        var number = (await host.CreateActiveAccountAsync(email, "Autre-Saison-2027y", "Rue des Lilas")).GetProperty("subscriberNumber").GetString()!;
        var contact = Journeys.NewEmail("contact-masque");

        using var withSecrets = await SubmitAsync(new { subscriberNumber = number }, contact, Secrets);
        using var plain = await SubmitAsync(new { subscriberNumber = number }, contact, Plain);

        Assert.Equal(await ShapeAsync(plain), await ShapeAsync(withSecrets));
        var token = await host.AgentTokenAsync();
        var masked = (await FindOpenAsync(token, (await withSecrets.JsonAsync()).GetProperty("reference").GetString()!))!.Value;
        Assert.Equal("Bonjour, je n'arrive plus à me connecter depuis hier soir, mon mot de passe est [masqué] et ma réponse est [masqué]", masked.GetProperty("message").GetString());
        Assert.True(masked.GetProperty("redacted").GetBoolean());
        var untouched = (await FindOpenAsync(token, (await plain.JsonAsync()).GetProperty("reference").GetString()!))!.Value;
        Assert.Equal(Plain, untouched.GetProperty("message").GetString());
        Assert.False(untouched.GetProperty("redacted").GetBoolean());

        var notice = await host.Mailbox.WaitForMessageAsync(email, MailWait, m => m.Subject.Contains("Changez votre secret", StringComparison.Ordinal));
        Assert.Contains("Votre mot de passe et la réponse à votre question de confiance", notice.TextBody, StringComparison.Ordinal);
        Assert.Contains((await withSecrets.JsonAsync()).GetProperty("reference").GetString()!, notice.TextBody, StringComparison.Ordinal);
        await host.WaitForOutboxIdleAsync();
        Assert.Empty(host.Mailbox.ListMessagesTo(contact));
        var stored = string.Join("\n", await StorageInspection.AllTableTextAsync(host));
        Assert.DoesNotContain("Autre-Saison-2027y", stored, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("rue des lilas", stored, StringComparison.OrdinalIgnoreCase);
        Assert.All(host.Mailbox.ListMessagesTo(email), m => Assert.DoesNotContain("Autre-Saison-2027y", m.TextBody ?? "", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Bonjour,\u200B j'ai oublié ma réponse.")]
    [InlineData("Bonjour, j'ai oublié ma réponse.\U000E0041")]
    [InlineData("Bonjour, \u202Eesnopér am ailbuo")]
    public async Task Submit_MessageWithInvisibleOrDirectionCharacter_TextInvalidCharacterAndNothingQueued(string message)
    {
        using var queued = new MeasurementTally(host.Host.Services);

        using var response = await SubmitAsync(new { subscriberNumber = RecoveryFunctions.Core.Identity.SubscriberNumber.Generate() }, message: message);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text-invalid-character", (await response.JsonAsync()).GetProperty("errors").GetProperty("message")[0].GetString());
        Assert.Equal(0, queued[RecoveryMetrics.AssistanceReceived, "topic=answer-forgotten"]);
        Assert.Equal(0, queued[RecoveryMetrics.EmailQueued]);
    }

    [Fact]
    public async Task Submit_MessageWithLineBreaksAndTabs_AgentsReadThemAsWritten()
    {
        using var submitted = await SubmitAsync(new { subscriberNumber = RecoveryFunctions.Core.Identity.SubscriberNumber.Generate() }, message: "Bonjour,\r\n\tligne deux\nligne trois");
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var reference = (await submitted.JsonAsync()).GetProperty("reference").GetString()!;

        var listed = await FindOpenAsync(await host.AgentTokenAsync(), reference);

        Assert.Equal("Bonjour,\n\tligne deux\nligne trois", listed!.Value.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ListOpen_PageOfOne_ContinuationHeaderLeadsToTheNextOldest()
    {
        using (await SubmitAsync(new { subscriberNumber = RecoveryFunctions.Core.Identity.SubscriberNumber.Generate() }))
        using (await SubmitAsync(new { subscriberNumber = RecoveryFunctions.Core.Identity.SubscriberNumber.Generate() }))
        {
        }

        var token = await host.AgentTokenAsync();
        using var first = await host.AgentSendAsync(HttpMethod.Get, "/api/assistance/requests?status=open&pageSize=1", token);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var continuation = first.Headers.GetValues("X-Continuation-Token").Single();
        using var second = await host.AgentSendAsync(HttpMethod.Get, $"/api/assistance/requests?status=open&pageSize=1&continuationToken={Uri.EscapeDataString(continuation)}", token);

        var a = Assert.Single((await first.JsonAsync()).EnumerateArray().ToList()).GetProperty("reference").GetString()!;
        var b = Assert.Single((await second.JsonAsync()).EnumerateArray().ToList()).GetProperty("reference").GetString()!;
        Assert.True(string.CompareOrdinal(a, b) < 0, $"{a} then {b}");
    }

    [Theory]
    [InlineData("20261201-000000-ZZZZZZ")]
    [InlineData("pas'une%20r%C3%A9f%C3%A9rence")]
    [InlineData("a%27%20or%20PartitionKey%20ne%20%27")]
    public async Task Assign_UnknownOrMalformedReference_RequestNotFound(string reference)
    {
        using var response = await host.AgentSendAsync(HttpMethod.Post, $"/api/assistance/requests/{reference}/assign", await host.AgentTokenAsync());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("request-not-found", await response.ProblemCodeAsync());
    }

    [Fact]
    public async Task ListOpen_MalformedContinuation_ValidationFailed()
    {
        using var response = await host.AgentSendAsync(HttpMethod.Get, "/api/assistance/requests?status=open&continuationToken=%27%20or%20%27", await host.AgentTokenAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation-failed", await response.ProblemCodeAsync());
    }

    [Fact]
    public async Task ListOpen_WithoutReason_ReasonRequired()
    {
        using var response = await host.AgentSendAsync(HttpMethod.Get, "/api/assistance/requests?status=open", await host.AgentTokenAsync(), reason: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("reason-required", await response.ProblemCodeAsync());
    }

    private async Task<(string Email, string Number)> ActiveAccountAsync(string tag)
    {
        var email = Journeys.NewEmail(tag);
        var summary = await host.CreateActiveAccountAsync(email);
        return (email, summary.GetProperty("subscriberNumber").GetString()!);
    }

    /// <param name="client">A client of its own address (<see cref="LoopbackSource"/>); by default the fixture's, a fresh address each request.</param>
    private Task<HttpResponseMessage> SubmitAsync(object identifiers, string? contact = null, string message = Message, HttpClient? client = null)
    {
        var body = JsonSerializer.SerializeToNode(identifiers)!.AsObject();
        body["contactEmail"] = contact ?? Journeys.NewEmail("contact");
        body["topic"] = "answer-forgotten";
        body["message"] = message;
        body["captchaId"] = "any";
        body["captchaText"] = "any";
        return (client ?? host.Client).PostAsJsonAsync("/api/assistance-requests", body);
    }

    /// <summary>Status, headers and body as received, with what differs per request (date, trace, the reference itself) masked.</summary>
    private static async Task<string> ShapeAsync(HttpResponseMessage response)
    {
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key is not "Date" and not "traceparent" and not "Request-Id")
            .OrderBy(h => h.Key, StringComparer.Ordinal)
            .Select(h => h.Key + ": " + string.Join(",", h.Value));
        var body = Reference().Replace(await response.Content.ReadAsStringAsync(), "\"reference\":\"<reference>\"");
        return $"{(int)response.StatusCode}\n{string.Join("\n", headers)}\n{body}";
    }

    [GeneratedRegex("\"reference\":\"[0-9]{8}-[0-9]{6}-[A-Z0-9]{6}\"")]
    private static partial Regex Reference();

    /// <summary>Walks every page of open requests for one reference.</summary>
    private async Task<JsonElement?> FindOpenAsync(string token, string reference)
    {
        string? continuation = null;
        do
        {
            var path = "/api/assistance/requests?status=open&pageSize=100" + (continuation is null ? "" : "&continuationToken=" + Uri.EscapeDataString(continuation));
            using var response = await host.AgentSendAsync(HttpMethod.Get, path, token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            foreach (var item in (await response.JsonAsync()).EnumerateArray())
            {
                if (item.GetProperty("reference").GetString() == reference)
                {
                    return item.Clone();
                }
            }

            continuation = response.Headers.TryGetValues("X-Continuation-Token", out var values) ? values.Single() : null;
        }
        while (continuation is not null);
        return null;
    }
}
