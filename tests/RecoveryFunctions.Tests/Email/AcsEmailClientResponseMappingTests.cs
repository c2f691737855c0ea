using System.Net;
using System.Text;
using Azure.Core.Pipeline;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Secrets;
using RecoveryFunctions.Infrastructure.Email;

namespace RecoveryFunctions.Tests.Email;

/// <summary>Response shapes the local endpoint does not produce, and the exact request headers, through a scripted transport.</summary>
public sealed class AcsEmailClientResponseMappingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 30, 0, TimeSpan.Zero);
    private static readonly RenderedEmail Email = new("Objet", "<p>Bonjour</p>", "Bonjour");

    [Fact]
    public async Task Send_Always_SendsRepeatabilityHeadersAndOperationId()
    {
        var handler = new CapturingHandler(_ => Respond(HttpStatusCode.Accepted, """{"id":"x","status":"Running"}""", ("retry-after", "3")));
        var operationId = Guid.NewGuid();
        var firstSent = new DateTimeOffset(2026, 11, 27, 9, 27, 12, TimeSpan.Zero);

        var result = await Client(handler).SendAsync(new EmailSendRequest("a@example.fr", Email, operationId, firstSent));

        Assert.Equal(operationId.ToString("D"), handler.Headers["Repeatability-Request-ID"]);
        Assert.Equal("Fri, 27 Nov 2026 09:27:12 GMT", handler.Headers["Repeatability-First-Sent"]);
        Assert.Equal(operationId.ToString("D"), handler.Headers["Operation-Id"]);
        Assert.Equal("https://acs.example.com/emails:send?api-version=2025-09-01", handler.RequestUris.Single().ToString());
        Assert.Equal(EmailSendOutcome.Accepted, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(3), result.RetryAfter);
    }

    [Fact]
    public async Task Send_429WithHttpDateRetryAfter_ReturnsThrottledWithDelayFromNow()
    {
        var handler = new CapturingHandler(_ => Respond(HttpStatusCode.TooManyRequests, headers: ("Retry-After", "Fri, 27 Nov 2026 09:31:30 GMT")));

        var result = await SendAsync(handler);

        Assert.Equal(EmailSendOutcome.Throttled, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(90), result.RetryAfter);
    }

    [Fact]
    public async Task Send_429WithRetryAfterMs_PrefersMilliseconds()
    {
        var handler = new CapturingHandler(_ => Respond(HttpStatusCode.TooManyRequests, headers: [("retry-after-ms", "1500"), ("Retry-After", "9")]));

        var result = await SendAsync(handler);

        Assert.Equal(TimeSpan.FromMilliseconds(1500), result.RetryAfter);
    }

    [Fact]
    public async Task Send_429WithoutHint_UsesOneMinute()
    {
        var result = await SendAsync(new CapturingHandler(_ => Respond(HttpStatusCode.TooManyRequests)));

        Assert.Equal(EmailSendOutcome.Throttled, result.Outcome);
        Assert.Equal(TimeSpan.FromMinutes(1), result.RetryAfter);
    }

    [Fact]
    public async Task Send_503WithRetryAfter_TransientWithItsDelayAndNoPipelineRetry()
    {
        var handler = new CapturingHandler(_ => Respond(HttpStatusCode.ServiceUnavailable, headers: ("Retry-After", "45")));

        var result = await SendAsync(handler);

        Assert.Equal(EmailSendOutcome.TransientFailure, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(45), result.RetryAfter);
        Assert.False(result.Uncertain);
        Assert.Single(handler.RequestUris);
    }

    [Fact]
    public async Task Send_504_TransientAndUncertain()
    {
        var result = await SendAsync(new CapturingHandler(_ => Respond(HttpStatusCode.GatewayTimeout)));

        Assert.Equal(EmailSendOutcome.TransientFailure, result.Outcome);
        Assert.True(result.Uncertain);
    }

    [Fact]
    public async Task Send_409_AcceptedNotPermanent()
    {
        var handler = new CapturingHandler(_ => Respond(HttpStatusCode.Conflict, """{"error":{"code":"RepeatabilityRequestInProgress","message":"m"}}""", ("retry-after", "2")));

        var result = await SendAsync(handler);

        Assert.Equal(EmailSendOutcome.Accepted, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(2), result.RetryAfter);
    }

    [Fact]
    public async Task Send_412_RepeatabilityExpired()
    {
        var result = await SendAsync(new CapturingHandler(_ => Respond(HttpStatusCode.PreconditionFailed)));

        Assert.Equal(EmailSendOutcome.RepeatabilityExpired, result.Outcome);
    }

    [Fact]
    public async Task Send_400_ReturnsPermanentFailureWithCode()
    {
        var handler = new CapturingHandler(_ => Respond(HttpStatusCode.BadRequest, """{"error":{"code":"InvalidSenderAddress","message":"x"}}"""));

        var result = await SendAsync(handler);

        Assert.Equal(EmailSendOutcome.PermanentFailure, result.Outcome);
        Assert.Equal("HTTP 400 InvalidSenderAddress", result.Detail);
        Assert.Single(handler.RequestUris);
    }

    [Fact]
    public async Task GetStatus_Failed_ReturnsPermanentFailureWithCode()
    {
        var handler = new CapturingHandler(_ => Respond(HttpStatusCode.OK, """{"id":"x","status":"Failed","error":{"code":"EmailDroppedAllRecipientsSuppressed","message":"m"}}"""));
        var operationId = Guid.NewGuid();

        var result = await Client(handler).GetStatusAsync(operationId);

        Assert.Equal(EmailSendOutcome.PermanentFailure, result.Outcome);
        Assert.Contains("EmailDroppedAllRecipientsSuppressed", result.Detail, StringComparison.Ordinal);
        Assert.Equal($"https://acs.example.com/emails/operations/{operationId:D}?api-version=2025-09-01", handler.RequestUris.Single().ToString());
    }

    [Fact]
    public async Task GetStatus_Running_AcceptedWithRetryAfter()
    {
        var handler = new CapturingHandler(_ => Respond(HttpStatusCode.OK, """{"id":"x","status":"Running"}""", ("retry-after", "7")));

        var result = await Client(handler).GetStatusAsync(Guid.NewGuid());

        Assert.Equal(EmailSendOutcome.Accepted, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(7), result.RetryAfter);
    }

    [Fact]
    public async Task Send_ManagedIdentity_SendsBearerTokenForCommunicationScope()
    {
        var handler = new CapturingHandler(_ => Respond(HttpStatusCode.Accepted, """{"id":"x","status":"Succeeded"}"""));
        var credential = new RecordingTokenCredential("token-123");
        var options = Options();
        options.Authentication = EmailAuthentication.ManagedIdentity;
        var client = new AcsEmailClient(
            options, new StaticSecretSource(new Dictionary<string, string>()), credential, new FixedTimeProvider(Now),
            new AcsEmailClientOptions { Transport = new HttpClientTransport(handler) });

        var result = await client.SendAsync(new EmailSendRequest("a@example.fr", Email, Guid.NewGuid(), Now));

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

    private static Task<EmailSendResult> SendAsync(CapturingHandler handler)
        => Client(handler).SendAsync(new EmailSendRequest("a@example.fr", Email, Guid.NewGuid(), Now));

    private static AcsEmailClient Client(CapturingHandler handler) => new(
        Options(),
        new StaticSecretSource(new Dictionary<string, string> { [SecretNames.AcsAccessKey] = Convert.ToBase64String(new byte[32]) }),
        credential: null,
        new FixedTimeProvider(Now),
        new AcsEmailClientOptions { Transport = new HttpClientTransport(handler) });

    private static AcsEmailOptions Options() => new()
    {
        Endpoint = "https://acs.example.com",
        SenderAddress = "DoNotReply@acs.example.com",
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
