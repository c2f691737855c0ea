using System.Net;
using System.Text;
using Azure.Core.Pipeline;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Secrets;
using RecoveryFunctions.Infrastructure.Email;

namespace RecoveryFunctions.Tests.Email;

/// <summary>Response shapes the local endpoint does not produce, through a scripted transport.</summary>
public sealed class AcsEmailClientResponseMappingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 30, 0, TimeSpan.Zero);
    private static readonly RenderedEmail Email = new("Objet", "<p>Bonjour</p>", "Bonjour");

    [Fact]
    public async Task SendAsync_429WithHttpDateRetryAfter_ReturnsThrottledWithDelayFromNow()
    {
        var handler = new CapturingHandler(_ => Respond(HttpStatusCode.TooManyRequests, headers: ("Retry-After", "Fri, 27 Nov 2026 09:31:30 GMT")));

        var result = await Client(handler).SendAsync("a@example.fr", Email, Guid.NewGuid());

        Assert.Equal(EmailSendOutcome.Throttled, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(90), result.RetryAfter);
    }

    [Fact]
    public async Task SendAsync_429WithRetryAfterMs_PrefersMilliseconds()
    {
        var handler = new CapturingHandler(_ => Respond(HttpStatusCode.TooManyRequests, headers: [("retry-after-ms", "1500"), ("Retry-After", "9")]));

        var result = await Client(handler).SendAsync("a@example.fr", Email, Guid.NewGuid());

        Assert.Equal(TimeSpan.FromMilliseconds(1500), result.RetryAfter);
    }

    [Fact]
    public async Task SendAsync_429WithoutHint_UsesOneMinute()
    {
        var handler = new CapturingHandler(_ => Respond(HttpStatusCode.TooManyRequests));

        var result = await Client(handler).SendAsync("a@example.fr", Email, Guid.NewGuid());

        Assert.Equal(EmailSendOutcome.Throttled, result.Outcome);
        Assert.Equal(TimeSpan.FromMinutes(1), result.RetryAfter);
    }

    [Fact]
    public async Task SendAsync_400_ReturnsPermanentFailureWithCode()
    {
        var handler = new CapturingHandler(_ => Respond(HttpStatusCode.BadRequest, """{"error":{"code":"InvalidSenderAddress","message":"x"}}"""));

        var result = await Client(handler).SendAsync("a@example.fr", Email, Guid.NewGuid());

        Assert.Equal(EmailSendOutcome.PermanentFailure, result.Outcome);
        Assert.Equal("HTTP 400 InvalidSenderAddress", result.Detail);
        Assert.Single(handler.RequestUris);
    }

    [Fact]
    public async Task SendAsync_503_ReturnsTransientFailureWithoutPipelineRetry()
    {
        var handler = new CapturingHandler(_ => Respond(HttpStatusCode.ServiceUnavailable));

        var result = await Client(handler).SendAsync("a@example.fr", Email, Guid.NewGuid());

        Assert.Equal(EmailSendOutcome.TransientFailure, result.Outcome);
        Assert.Single(handler.RequestUris);
    }

    [Fact]
    public async Task SendAsync_OperationEndsFailed_ReturnsPermanentFailure()
    {
        var handler = new CapturingHandler(request => request.Method == HttpMethod.Post
            ? Respond(HttpStatusCode.Accepted, """{"id":"x","status":"Running"}""")
            : Respond(HttpStatusCode.OK, """{"id":"x","status":"Failed","error":{"code":"EmailDroppedAllRecipientsSuppressed","message":"m"}}"""));

        var result = await Client(handler).SendAsync("a@example.fr", Email, Guid.NewGuid());

        Assert.Equal(EmailSendOutcome.PermanentFailure, result.Outcome);
        Assert.Contains("EmailDroppedAllRecipientsSuppressed", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_OperationLocationOnAnotherHost_PollsTheConfiguredEndpoint()
    {
        var operationId = Guid.NewGuid();
        var handler = new CapturingHandler(request => request.Method == HttpMethod.Post
            ? Respond(HttpStatusCode.Accepted, """{"status":"Running"}""", ("Operation-Location", "https://attacker.example/emails/operations/x?api-version=2025-09-01"))
            : Respond(HttpStatusCode.OK, """{"status":"Succeeded"}"""));

        var result = await Client(handler).SendAsync("a@example.fr", Email, operationId);

        Assert.Equal(EmailSendOutcome.Sent, result.Outcome);
        Assert.Equal(
            $"https://acs.example.com/emails/operations/{operationId:D}?api-version=2025-09-01",
            handler.RequestUris[1].ToString());
        Assert.Equal(operationId.ToString("D"), handler.Headers["Operation-Id"]);
    }

    [Fact]
    public async Task SendAsync_OperationNeverEnds_ReturnsTransientFailureAfterTimeout()
    {
        var handler = new CapturingHandler(request => request.Method == HttpMethod.Post
            ? Respond(HttpStatusCode.Accepted, """{"status":"Running"}""")
            : Respond(HttpStatusCode.OK, """{"status":"Running"}"""));
        var options = Options();
        options.PollTimeout = TimeSpan.FromMilliseconds(200);

        var result = await Client(handler, options).SendAsync("a@example.fr", Email, Guid.NewGuid());

        Assert.Equal(EmailSendOutcome.TransientFailure, result.Outcome);
        Assert.Contains("Running", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_ManagedIdentity_SendsBearerTokenForCommunicationScope()
    {
        var handler = new CapturingHandler(request => request.Method == HttpMethod.Post
            ? Respond(HttpStatusCode.Accepted, """{"status":"Succeeded"}""")
            : Respond(HttpStatusCode.OK, """{"status":"Succeeded"}"""));
        var credential = new RecordingTokenCredential("token-123");
        var options = Options();
        options.Authentication = EmailAuthentication.ManagedIdentity;
        var client = new AcsEmailClient(
            options, new StaticSecretSource(new Dictionary<string, string>()), credential, new FixedTimeProvider(Now),
            new AcsEmailClientOptions { Transport = new HttpClientTransport(handler) });

        var result = await client.SendAsync("a@example.fr", Email, Guid.NewGuid());

        Assert.Equal(EmailSendOutcome.Sent, result.Outcome);
        Assert.Equal("Bearer token-123", handler.Headers["Authorization"]);
        Assert.Equal(["https://communication.azure.com//.default"], credential.Scopes.Distinct());
        Assert.False(handler.Headers.ContainsKey("x-ms-content-sha256"));
    }

    [Fact]
    public void Constructor_ManagedIdentityOverHttp_Throws()
    {
        var options = Options();
        options.Endpoint = "http://127.0.0.1:7071";
        options.Authentication = EmailAuthentication.ManagedIdentity;

        var error = Assert.Throws<ArgumentException>(() => new AcsEmailClient(
            options, new StaticSecretSource(new Dictionary<string, string>()), new RecordingTokenCredential("t"), TimeProvider.System));

        Assert.Contains("Email:Endpoint", error.Message, StringComparison.Ordinal);
    }

    private static AcsEmailClient Client(CapturingHandler handler, EmailOptions? options = null) => new(
        options ?? Options(),
        new StaticSecretSource(new Dictionary<string, string> { [SecretNames.AcsAccessKey] = Convert.ToBase64String(new byte[32]) }),
        credential: null,
        new FixedTimeProvider(Now),
        new AcsEmailClientOptions { Transport = new HttpClientTransport(handler) });

    private static EmailOptions Options() => new()
    {
        Endpoint = "https://acs.example.com",
        SenderAddress = "DoNotReply@acs.example.com",
        PollInterval = TimeSpan.FromMilliseconds(10),
        PollTimeout = TimeSpan.FromSeconds(5),
    };

    private static HttpResponseMessage Respond(HttpStatusCode status, string? json = null, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status);
        if (json is not null)
        {
            response.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }
}
