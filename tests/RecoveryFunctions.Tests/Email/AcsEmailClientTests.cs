using RecoveryFunctions.Core.Dates;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Secrets;
using RecoveryFunctions.Infrastructure.Email;

namespace RecoveryFunctions.Tests.Email;

/// <summary>The real client against the local ACS endpoint on Kestrel: signing, outcomes and idempotency end to end.</summary>
public sealed class AcsEmailClientTests : IAsyncLifetime
{
    private const string Recipient = "usager@example.fr";
    private LocalAcsEmailServer _server = null!;

    public async Task InitializeAsync() => _server = await LocalAcsEmailServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task SendAsync_SignedRequest_WritesOneEml()
    {
        var email = new EmailRenderer(new ReadableDates(TimeZoneInfo.Utc)).Render(EmailTemplate.RecoveryLink, "fr", new Dictionary<string, string>
        {
            [EmailValueKeys.RecoveryUrl] = "https://espace.example.fr/recuperation?t=abc",
            [EmailValueKeys.Code] = "K7PX3MZQ",
            [EmailValueKeys.ExpiresAt] = "27/11/2026 à 10:30",
        });

        var result = await CreateClient().SendAsync(Recipient, email, Guid.NewGuid());

        Assert.Equal(EmailSendOutcome.Sent, result.Outcome);
        var message = Assert.Single(_server.Mailbox.ListMessages());
        Assert.Equal(Recipient, message.To);
        Assert.Equal("DoNotReply@local.test", message.From);
        Assert.Equal(email.Subject, message.Subject);
        Assert.Equal(email.PlainText, message.TextBody);
        Assert.Equal(email.Html, message.HtmlBody);
        Assert.Contains("K7PX3MZQ", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("https://espace.example.fr/recuperation?t=abc", message.TextBody, StringComparison.Ordinal);
        var found = await _server.Mailbox.WaitForMessageAsync(Recipient, TimeSpan.FromSeconds(1));
        Assert.Equal(message.FilePath, found.FilePath);
    }

    [Fact]
    public async Task SendAsync_WrongKey_ReturnsPermanentFailure()
    {
        var otherKey = Convert.ToBase64String(new byte[32]);

        var result = await CreateClient(accessKey: otherKey).SendAsync(Recipient, Sample(), Guid.NewGuid());

        Assert.Equal(EmailSendOutcome.PermanentFailure, result.Outcome);
        Assert.Contains("401", result.Detail, StringComparison.Ordinal);
        Assert.Empty(_server.Mailbox.ListMessages());
    }

    [Fact]
    public async Task SendAsync_ClockTwentyMinutesOff_ReturnsPermanentFailure()
    {
        var skewed = new FixedTimeProvider(TimeProvider.System.GetUtcNow().AddMinutes(-20));

        var result = await CreateClient(timeProvider: skewed).SendAsync(Recipient, Sample(), Guid.NewGuid());

        Assert.Equal(EmailSendOutcome.PermanentFailure, result.Outcome);
        Assert.Empty(_server.Mailbox.ListMessages());
    }

    [Fact]
    public async Task SendAsync_Throttled_ReturnsThrottledWithRetryAfter()
    {
        _server.Faults.EnqueueThrottle(TimeSpan.FromSeconds(7));
        var client = CreateClient();
        var operationId = Guid.NewGuid();

        var throttled = await client.SendAsync(Recipient, Sample(), operationId);
        var retried = await client.SendAsync(Recipient, Sample(), operationId);

        Assert.Equal(EmailSendOutcome.Throttled, throttled.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(7), throttled.RetryAfter);
        Assert.Equal(EmailSendOutcome.Sent, retried.Outcome);
        Assert.Single(_server.Mailbox.ListMessages());
    }

    [Fact]
    public async Task SendAsync_ServerError_ReturnsTransientFailure()
    {
        _server.Faults.Always(500);
        var client = CreateClient();

        var first = await client.SendAsync(Recipient, Sample(), Guid.NewGuid());
        var second = await client.SendAsync(Recipient, Sample(), Guid.NewGuid());
        _server.Faults.Clear();
        var afterClear = await client.SendAsync(Recipient, Sample(), Guid.NewGuid());

        Assert.Equal(EmailSendOutcome.TransientFailure, first.Outcome);
        Assert.Equal(EmailSendOutcome.TransientFailure, second.Outcome);
        Assert.Equal(EmailSendOutcome.Sent, afterClear.Outcome);
        Assert.Single(_server.Mailbox.ListMessages());
    }

    [Fact]
    public async Task SendAsync_SameOperationIdTwice_WritesOneEml()
    {
        var client = CreateClient();
        var operationId = Guid.NewGuid();

        var first = await client.SendAsync(Recipient, Sample(), operationId);
        var second = await client.SendAsync(Recipient, Sample(), operationId);

        Assert.Equal(EmailSendOutcome.Sent, first.Outcome);
        Assert.Equal(EmailSendOutcome.Sent, second.Outcome);
        var message = Assert.Single(_server.Mailbox.ListMessages());
        Assert.Equal(operationId.ToString("D"), message.OperationId);
    }

    [Fact]
    public async Task SendAsync_NothingListening_ReturnsTransientFailure()
    {
        var options = Options(new Uri("http://127.0.0.1:1"));

        var result = await new AcsEmailClient(options, Secrets(_server.AccessKey), null, TimeProvider.System)
            .SendAsync(Recipient, Sample(), Guid.NewGuid());

        Assert.Equal(EmailSendOutcome.TransientFailure, result.Outcome);
    }

    private AcsEmailClient CreateClient(string? accessKey = null, TimeProvider? timeProvider = null) =>
        new(Options(_server.Endpoint), Secrets(accessKey ?? _server.AccessKey), credential: null, timeProvider ?? TimeProvider.System);

    private static EmailOptions Options(Uri endpoint) => new()
    {
        Endpoint = endpoint.ToString(),
        SenderAddress = "DoNotReply@local.test",
        PollInterval = TimeSpan.FromMilliseconds(20),
        PollTimeout = TimeSpan.FromSeconds(10),
    };

    private static StaticSecretSource Secrets(string accessKey) =>
        new(new Dictionary<string, string> { [SecretNames.AcsAccessKey] = accessKey });

    private static RenderedEmail Sample() => new("Objet de test – été", "<p>Bonjour</p>", "Bonjour");
}
