using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RecoveryFunctions.DevServices.Email;

namespace RecoveryFunctions.Tests.Email;

/// <summary>
/// The local ACS endpoint refuses what the service documents it refuses, over raw signed HTTP (as any SDK would call
/// it), and keeps every field of what it accepts.
/// </summary>
public sealed class LocalAcsEmailEndpointTests : IAsyncLifetime
{
    private LocalAcsEmailServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await LocalAcsEmailServer.StartAsync(o =>
        {
            o.NotStartedFor = TimeSpan.FromMilliseconds(300);
            o.RunningFor = TimeSpan.FromMilliseconds(300);
            o.StatusRetryAfter = TimeSpan.FromSeconds(2);
        });
        _http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = _server.Endpoint };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("", "MissingApiVersionParameter")]
    [InlineData("?api-version=2021-10-01-preview", "UnsupportedApiVersionValue")]
    public async Task Send_ApiVersionMissingOrUnknown_400(string query, string code)
    {
        using var response = await SendAsync(Body(), query: query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, await ErrorCodeAsync(response));
        Assert.Equal(code, response.Headers.GetValues("x-ms-error-code").Single());
    }

    [Theory]
    [InlineData("""{"senderAddress":"s@local.test","content":{"subject":"x","plainText":"y"},"recipients":{"to":[{"address":"a@example.fr"}]},"priority":"high"}""")]
    [InlineData("""{"senderAddress":"s@local.test","content":{"subject":"x","plainText":"y","text":"z"},"recipients":{"to":[{"address":"a@example.fr"}]}}""")]
    [InlineData("""{"senderAddress":"s@local.test","content":{"subject":"x","plainText":"y"},"recipients":{"to":[{"address":"a@example.fr","name":"A"}]}}""")]
    [InlineData("""{"senderAddress":"s@local.test","content":{"subject":"x","plainText":"y"},"recipients":{"to":[{"address":"a@example.fr"}]},"attachments":[{"name":"a.txt","contentType":"text/plain","contentInBase64":"YQ==","disposition":"inline"}]}""")]
    public async Task Send_UnknownField_400(string body)
    {
        using var response = await SendAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is not a field", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_server.Mailbox.ListMessages());
    }

    [Fact]
    public async Task Mailbox_ListedAgain_EachFileParsedOnce_DeletedFileGone()
    {
        using var first = await SendAsync(Body());
        var listed = Assert.Single(_server.Mailbox.ListMessages());

        // The same parsed message, not the file read again; a file removed by hand leaves the list, a new one joins it.
        Assert.Same(listed, Assert.Single(_server.Mailbox.ListMessages()));
        File.Delete(listed.FilePath);
        Assert.Empty(_server.Mailbox.ListMessages());
        using var second = await SendAsync(Body());
        Assert.NotEqual(listed.FilePath, Assert.Single(_server.Mailbox.ListMessages()).FilePath);
    }

    [Fact]
    public async Task Send_51RecipientsAcrossToCcBcc_400And50Accepted()
    {
        static object[] Addresses(int count, string prefix) => Enumerable.Range(0, count).Select(i => (object)new { address = $"{prefix}{i}@example.fr" }).ToArray();

        using var tooMany = await SendAsync(Body(to: Addresses(20, "to"), cc: Addresses(20, "cc"), bcc: Addresses(11, "bcc")));
        using var fifty = await SendAsync(Body(to: Addresses(20, "to"), cc: Addresses(20, "cc"), bcc: Addresses(10, "bcc")));

        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, fifty.StatusCode);
    }

    [Fact]
    public async Task Send_EveryField_KeptInTheEml()
    {
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7 récapitulatif");
        const string text = "Bonjour Élodie,\nvoici votre récapitulatif d’inscription.";
        var html = "<p>" + string.Concat(Enumerable.Repeat("Votre espace professionnel est prêt. ", 60)) + "</p>";
        var body = Body(
            plainText: text,
            html: html,
            to: [new { address = "usager@example.fr", displayName = "Élodie Usager" }],
            cc: [new { address = "copie@example.fr", displayName = "Copie" }],
            bcc: [new { address = "cachee@example.fr" }],
            extra: new Dictionary<string, object>
            {
                ["replyTo"] = new[] { new { address = "assistance@example.fr", displayName = "Assistance" } },
                ["headers"] = new Dictionary<string, string> { ["X-Recovery-Template"] = "RegistrationSummary", ["X-Priority"] = "1" },
                ["attachments"] = new[] { new { name = "recapitulatif.pdf", contentType = "application/pdf", contentInBase64 = Convert.ToBase64String(pdf) } },
                ["userEngagementTrackingDisabled"] = true,
            });

        using var response = await SendAsync(body);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var message = Assert.Single(_server.Mailbox.ListMessages());
        Assert.Equal("Élodie Usager <usager@example.fr>", message.To);
        Assert.Equal("Copie <copie@example.fr>", message.Cc);
        Assert.Equal("cachee@example.fr", message.Bcc);
        Assert.Equal("Assistance <assistance@example.fr>", message.ReplyTo);
        Assert.Equal("RegistrationSummary", message.Headers["X-Recovery-Template"]);
        Assert.Equal("1", message.Headers["X-Priority"]);
        var attachment = Assert.Single(message.Attachments);
        Assert.Equal("recapitulatif.pdf", attachment.Name);
        Assert.Equal("application/pdf", attachment.ContentType);
        Assert.Equal(pdf, attachment.Content);
        Assert.Equal(text, message.TextBody);
        Assert.Equal(html, message.HtmlBody);
        Assert.Equal("true", message.Headers[EmlMessageWriter.TrackingDisabledHeader]);
        Assert.Single(_server.Mailbox.ListMessagesTo("usager@example.fr"));

        // The 2,227-character HTML line and the accented text travel encoded: a 7-bit file of lines within 78 columns.
        Assert.All(await File.ReadAllBytesAsync(message.FilePath), b => Assert.True(b < 0x80));
        Assert.All(await File.ReadAllLinesAsync(message.FilePath), line => Assert.InRange(line.Length, 0, 78));
    }

    [Fact]
    public async Task Send_FiftyNamedRecipients_HeadersFoldUnder998AndEveryRecipientReadBack()
    {
        static object[] Named(int count, string prefix) =>
            Enumerable.Range(0, count).Select(i => (object)new { address = $"{prefix}.numero{i}@example.fr", displayName = $"Destinataire Numéro {i}" }).ToArray();

        using var response = await SendAsync(Body(to: Named(20, "destinataire"), cc: Named(20, "copie"), bcc: Named(10, "cachee")));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var message = Assert.Single(_server.Mailbox.ListMessages());

        // The To header holds more than RFC 5322's 998 characters a line (it was written as one 1,553-character
        // line before MimeKit); folded, no line of the file comes near the limit, and every address reads back.
        Assert.True(message.Headers["To"].Length > 998, $"To is {message.Headers["To"].Length} characters");
        Assert.All(await File.ReadAllLinesAsync(message.FilePath), line => Assert.InRange(line.Length, 0, 998));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"destinataire.numero{i}@example.fr"), message.ToAddresses);
        Assert.StartsWith("Destinataire Numéro 0 <destinataire.numero0@example.fr>, Destinataire Numéro 1 <", message.To, StringComparison.Ordinal);
        Assert.Equal(20, message.Cc!.Split(", ").Length);
        Assert.Equal(10, message.Bcc!.Split(", ").Length);
        Assert.Single(_server.Mailbox.ListMessagesTo("destinataire.numero19@example.fr"));
    }

    [Fact]
    public async Task Send_NonAsciiAttachmentName_Rfc2231AndBack()
    {
        const string name = "récapitulatif d’inscription – 2026.pdf";
        var body = Body(extra: new Dictionary<string, object>
        {
            ["attachments"] = new[] { new { name, contentType = "application/pdf", contentInBase64 = Convert.ToBase64String([37, 80, 68, 70]) } },
        });

        using var response = await SendAsync(body);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var message = Assert.Single(_server.Mailbox.ListMessages());
        var raw = await File.ReadAllTextAsync(message.FilePath);
        Assert.Matches(@"filename\*(0\*)?=utf-8''r%C3%A9capitulatif", raw);
        Assert.DoesNotContain(name, raw, StringComparison.Ordinal);
        var attachment = Assert.Single(message.Attachments);
        Assert.Equal(name, attachment.Name);
        Assert.Equal([37, 80, 68, 70], attachment.Content);
        Assert.Null(attachment.ContentId);
    }

    /// <summary>
    /// The service sends to the IDNA form of an internationalised domain (the canonical address); MimeKit reads that
    /// domain back in Unicode, and the mailbox finds the message under either spelling.
    /// </summary>
    [Theory]
    [InlineData("usager@xn--exmple-cua.fr")]
    [InlineData("usager@exämple.fr")]
    public async Task Send_InternationalisedDomain_AcceptedAndFoundUnderEitherSpelling(string address)
    {
        using var response = await SendAsync(Body(to: [new { address }]));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var message = Assert.Single(_server.Mailbox.ListMessages());
        Assert.Contains("To: usager@xn--exmple-cua.fr", await File.ReadAllTextAsync(message.FilePath), StringComparison.Ordinal);
        Assert.Equal("usager@xn--exmple-cua.fr", message.To);
        Assert.Single(_server.Mailbox.ListMessagesTo("usager@xn--exmple-cua.fr"));
        Assert.Single(_server.Mailbox.ListMessagesTo("USAGER@exämple.fr"));
        Assert.Empty(_server.Mailbox.ListMessagesTo("usager@example.fr"));
    }

    /// <summary>
    /// The request @azure/communication-email 1.1.0 (api-version 2025-09-01) made for a message with an inline image,
    /// captured byte for byte from <c>new EmailClient(connectionString, { allowInsecureConnection: true }).beginSend(...)</c>:
    /// its headers (no Operation-Id, no repeatability headers) and its body, attachments[].contentId included.
    /// </summary>
    private const string JavaScriptSdkBody =
        """{"senderAddress":"DoNotReply@recovery.localhost","content":{"subject":"Logo inline","plainText":"Bonjour","html":"<p>Bonjour <img src=\"cid:logo\"></p>"},"recipients":{"to":[{"address":"usager@example.fr","displayName":"Élodie Usager"}]},"attachments":[{"name":"logo.png","contentType":"image/png","contentInBase64":"iVBORw==","contentId":"logo"}]}""";

    [Fact]
    public async Task Send_OfficialJavaScriptSdkInlineAttachment_AcceptedAndInlineInTheEml()
    {
        using var request = Signed(HttpMethod.Post, "/emails:send?api-version=2025-09-01", Encoding.UTF8.GetBytes(JavaScriptSdkBody));
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        request.Headers.TryAddWithoutValidation("x-ms-client-request-id", Guid.NewGuid().ToString("D"));
        request.Headers.TryAddWithoutValidation("User-Agent", "azsdk-js-communication-email/1.1.0 core-rest-pipeline/1.24.0 Node/20.20.2 (Linux; x64)");

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var message = Assert.Single(_server.Mailbox.ListMessages());
        Assert.Equal("Élodie Usager <usager@example.fr>", message.To);
        Assert.Equal("<p>Bonjour <img src=\"cid:logo\"></p>", message.HtmlBody);
        var logo = Assert.Single(message.Attachments);
        Assert.Equal(("logo.png", "image/png", "logo"), (logo.Name, logo.ContentType, logo.ContentId));
        Assert.Equal(Convert.FromBase64String("iVBORw=="), logo.Content);

        // Inline: in a multipart/related beside the HTML it belongs to, named by its Content-Id.
        var raw = await File.ReadAllTextAsync(message.FilePath);
        Assert.Contains("Content-Type: multipart/related", raw, StringComparison.Ordinal);
        Assert.Contains("Content-Id: <logo>", raw, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Content-Disposition: inline", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ContentIdWithApiVersion20230331_400()
    {
        // contentId came with 2025-09-01; the 2023-03-31 EmailAttachment has no such field.
        using var response = await SendAsync(JavaScriptSdkBody, query: "?api-version=2023-03-31");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'attachments[].contentId' is not a field", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_server.Mailbox.ListMessages());
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"logo principal\"")]
    [InlineData("\"<logo>\"")]
    [InlineData("7")]
    public async Task Send_MalformedContentId_400NothingWritten(string contentId)
    {
        var body = JavaScriptSdkBody.Replace("\"contentId\":\"logo\"", "\"contentId\":" + contentId, StringComparison.Ordinal);
        Assert.NotEqual(JavaScriptSdkBody, body);

        using var response = await SendAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BadRequest", await ErrorCodeAsync(response));
        Assert.Empty(_server.Mailbox.ListMessages());
    }

    [Fact]
    public async Task Status_AfterSend_NotStartedRunningSucceededWithRetryAfter()
    {
        var clock = new TestSupport.ManualTimeProvider(TimeProvider.System.GetUtcNow());
        await using var server = await LocalAcsEmailServer.StartAsync(
            o =>
            {
                o.NotStartedFor = TimeSpan.FromSeconds(1);
                o.RunningFor = TimeSpan.FromSeconds(1);
                o.StatusRetryAfter = TimeSpan.FromSeconds(2);
            },
            clock);
        using var http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = server.Endpoint };
        var operationId = Guid.NewGuid();
        using var send = Signed(HttpMethod.Post, "/emails:send?api-version=2025-09-01", Encoding.UTF8.GetBytes(Body()), server.AccessKey, server.Endpoint.Authority, clock);
        send.Headers.TryAddWithoutValidation("Operation-Id", operationId.ToString("D"));
        using var accepted = await http.SendAsync(send);
        var location = accepted.Headers.GetValues("Operation-Location").Single();

        var seen = new List<(string Status, string? RetryAfter)>();
        for (var step = 0; step < 3; step++)
        {
            using var status = await http.SendAsync(Signed(HttpMethod.Get, new Uri(location).PathAndQuery, [], server.AccessKey, server.Endpoint.Authority, clock));
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
            var json = await status.Content.ReadFromJsonAsync<JsonElement>();
            seen.Add((json.GetProperty("status").GetString()!, status.Headers.TryGetValues("Retry-After", out var values) ? values.Single() : null));
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("2", accepted.Headers.GetValues("Retry-After").Single());
        Assert.Equal([("NotStarted", "2"), ("Running", "2"), ("Succeeded", null)], seen);
        Assert.Equal($"{server.Endpoint.ToString().TrimEnd('/')}/emails/operations/{operationId:D}?api-version=2025-09-01", location);
    }

    [Fact]
    public async Task Send_OtherHostHeader_OperationLocationOnConfiguredUrl()
    {
        using var response = await SendAsync(Body(), host: "attacker.example");

        Assert.StartsWith(_server.Endpoint.ToString().TrimEnd('/') + "/emails/operations/", response.Headers.GetValues("Operation-Location").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_RepeatedRequestId_SameAnswerNoSecondEmail_OtherBody400()
    {
        var requestId = Guid.NewGuid();
        var firstSent = TimeProvider.System.GetUtcNow();

        using var first = await SendAsync(Body(), repeatability: (requestId, firstSent));
        using var repeat = await SendAsync(Body(), repeatability: (requestId, firstSent));
        using var otherBody = await SendAsync(Body(subject: "Autre"), repeatability: (requestId, firstSent));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, repeat.StatusCode);
        Assert.Equal(first.Headers.GetValues("Operation-Location").Single(), repeat.Headers.GetValues("Operation-Location").Single());
        Assert.Equal(HttpStatusCode.BadRequest, otherBody.StatusCode);
        Assert.Single(_server.Mailbox.ListMessages());
    }

    [Fact]
    public async Task Send_SameOperationIdWithoutRepeatability_NotDeduplicated()
    {
        var operationId = Guid.NewGuid();

        using var first = await SendAsync(Body(), operationId: operationId);
        using var second = await SendAsync(Body(), operationId: operationId);

        // The Operation-Id only names the operation: the documented idempotency is the repeatability headers.
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(2, _server.Mailbox.ListMessages().Count);
    }

    [Theory]
    [InlineData(-6, HttpStatusCode.PreconditionFailed)]
    [InlineData(-4, HttpStatusCode.Accepted)]
    public async Task Send_FirstSentAge_OutsideWindow412(int minutes, HttpStatusCode expected)
    {
        using var response = await SendAsync(Body(), repeatability: (Guid.NewGuid(), TimeProvider.System.GetUtcNow().AddMinutes(minutes)));

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Send_MalformedRepeatabilityHeaders_400()
    {
        using var request = Signed(HttpMethod.Post, "/emails:send?api-version=2025-09-01", Encoding.UTF8.GetBytes(Body()));
        request.Headers.TryAddWithoutValidation("Repeatability-Request-ID", "not-a-guid");
        request.Headers.TryAddWithoutValidation("Repeatability-First-Sent", "yesterday");

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Status_PlannedFault_AnsweredOnTheGet()
    {
        using var accepted = await SendAsync(Body());
        _server.Faults.EnqueueStatus(new LocalAcsFault(503, TimeSpan.FromSeconds(12)));

        using var status = await SignedAsync(HttpMethod.Get, new Uri(accepted.Headers.GetValues("Operation-Location").Single()).PathAndQuery, []);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status.StatusCode);
        Assert.Equal("12", status.Headers.GetValues("Retry-After").Single());
    }

    [Fact]
    public async Task Send_OverSendingQuota_429WithRetryAfter()
    {
        await using var server = await LocalAcsEmailServer.StartAsync(o => { o.SendsPerMinute = 5; o.SendsPerHour = 10; });
        using var http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = server.Endpoint };

        var statuses = new List<HttpStatusCode>();
        string? retryAfter = null;
        for (var i = 0; i < 6; i++)
        {
            using var response = await http.SendAsync(Signed(HttpMethod.Post, "/emails:send?api-version=2025-09-01", Encoding.UTF8.GetBytes(Body()), server.AccessKey));
            statuses.Add(response.StatusCode);
            retryAfter = response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(CultureInfo.InvariantCulture) ?? retryAfter;
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Accepted, 5), HttpStatusCode.TooManyRequests], statuses);
        Assert.InRange(double.Parse(retryAfter!, CultureInfo.InvariantCulture), 55, 60);
        Assert.Equal(5, server.Mailbox.ListMessages().Count);
    }

    [Fact]
    public async Task Send_DevelopmentBearerForCommunicationServices_AcceptedOtherAudienceRefused()
    {
        var (token, _) = _server.Issuer.CreateToken("recovery-app", roles: [], audience: LocalAcsBearerVerifier.Audience);
        var (agentToken, _) = _server.Issuer.CreateToken("agent");

        using var accepted = await BearerSendAsync(token);
        using var refused = await BearerSendAsync(agentToken);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private async Task<HttpResponseMessage> BearerSendAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/emails:send?api-version=2025-09-01")
        {
            Content = new StringContent(Body(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _http.SendAsync(request);
    }

    private static string Body(
        object[]? to = null,
        object[]? cc = null,
        object[]? bcc = null,
        string subject = "Objet",
        Dictionary<string, object>? extra = null,
        string plainText = "Bonjour",
        string html = "<p>Bonjour</p>")
    {
        var recipients = new Dictionary<string, object> { ["to"] = to ?? [new { address = "usager@example.fr" }] };
        if (cc is not null)
        {
            recipients["cc"] = cc;
        }

        if (bcc is not null)
        {
            recipients["bcc"] = bcc;
        }

        var body = new Dictionary<string, object>
        {
            ["senderAddress"] = "DoNotReply@local.test",
            ["content"] = new { subject, plainText, html },
            ["recipients"] = recipients,
        };
        foreach (var (key, value) in extra ?? [])
        {
            body[key] = value;
        }

        return JsonSerializer.Serialize(body);
    }

    private async Task<HttpResponseMessage> SendAsync(string body, string query = "?api-version=2025-09-01", Guid? operationId = null, (Guid Id, DateTimeOffset FirstSent)? repeatability = null, string? host = null)
    {
        using var request = Signed(HttpMethod.Post, "/emails:send" + query, Encoding.UTF8.GetBytes(body), host: host);
        if (operationId is { } id)
        {
            request.Headers.TryAddWithoutValidation("Operation-Id", id.ToString("D"));
        }

        if (repeatability is { } r)
        {
            request.Headers.TryAddWithoutValidation("Repeatability-Request-ID", r.Id.ToString("D"));
            request.Headers.TryAddWithoutValidation("Repeatability-First-Sent", r.FirstSent.ToString("r", CultureInfo.InvariantCulture));
        }

        return await _http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> SignedAsync(HttpMethod method, string pathAndQuery, byte[] body)
    {
        using var request = Signed(method, pathAndQuery, body);
        return await _http.SendAsync(request);
    }

    /// <summary>Signs as the ACS access-key scheme says, with this test's own code (not the client's signer).</summary>
    private HttpRequestMessage Signed(HttpMethod method, string pathAndQuery, byte[] body, string? accessKey = null, string? host = null, TimeProvider? clock = null)
    {
        var signedHost = host ?? _server.Endpoint.Authority;
        var date = (clock ?? TimeProvider.System).GetUtcNow().ToString("r", CultureInfo.InvariantCulture);
        var hash = Convert.ToBase64String(SHA256.HashData(body));
        var signature = Convert.ToBase64String(HMACSHA256.HashData(
            Convert.FromBase64String(accessKey ?? _server.AccessKey),
            Encoding.UTF8.GetBytes($"{method.Method}\n{pathAndQuery}\n{date};{signedHost};{hash}")));
        var request = new HttpRequestMessage(method, pathAndQuery);
        if (method == HttpMethod.Post)
        {
            request.Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
        }

        request.Headers.Host = signedHost;
        request.Headers.TryAddWithoutValidation("x-ms-date", date);
        request.Headers.TryAddWithoutValidation("x-ms-content-sha256", hash);
        request.Headers.TryAddWithoutValidation("Authorization", $"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={signature}");
        return request;
    }

    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response)
        => (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString();
}
