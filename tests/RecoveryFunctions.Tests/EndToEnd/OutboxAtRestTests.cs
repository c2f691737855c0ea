using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Secrets;
using RecoveryFunctions.Infrastructure.Storage;
using RecoveryFunctions.TestSupport;
using Xunit.Abstractions;

namespace RecoveryFunctions.Tests.EndToEnd;

/// <summary>
/// Issue 20, item 5 (docs/security/outbox-at-rest.md): what the outbox queues hold is sealed, whatever queue a message
/// sits in; a message that does not open is parked as it came, never sent and never lost; a key rotation loses nothing.
/// </summary>
[Collection(EmailDeliveryCollection.Name)]
public sealed partial class OutboxAtRestTests(EmailDeliveryFixture host, ITestOutputHelper output) : IDisposable
{
    private readonly LocalAcsFaultPlan _faults = host.Host.Services.GetRequiredService<LocalAcsFaultPlan>();

    private TableNames Names => host.Host.Services.GetRequiredService<TableNames>();

    private IConfigurationRoot Configuration => (IConfigurationRoot)host.Host.Services.GetRequiredService<IConfiguration>();

    /// <summary>
    /// After a recovery by link and code, and a second recovery and a phone change whose emails ACS refuses until they are
    /// parked: every message peeked on the four queues (base64-decoded as Azure.Storage.Queues reads it), and every
    /// message written to any of them along the way (the delivered ones included), holds no address, code, token or flow id.
    /// </summary>
    [Fact]
    public async Task RecoveryJourney_EveryQueueMessage_NoAddressCodeTokenOrFlowId()
    {
        var email = Journeys.NewEmail("scelle");
        await host.CreateActiveAccountAsync(email);
        var firstFlow = await host.IdentifyAsync(email);
        var recoveryEmail = await host.RecoveryEmailAsync(email);
        var token = Journeys.TokenIn(recoveryEmail);
        var code = RecoverySteps.CodeIn(recoveryEmail);
        var secondFlow = (await host.VerifyLinkAsync(token)).GetProperty("flowId").GetString()!;
        await host.AnswerAsync(secondFlow);
        using (var reset = await host.SetPasswordAsync(secondFlow))
        {
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        }

        await host.WaitForOutboxIdleAsync();

        // ACS down: a time-critical email and a notification end on their poison queues, where they stay for the operator.
        _faults.Always(500);
        var thirdFlow = await host.IdentifyAsync(email);
        var session = await host.SignInAsync(email, RecoverySteps.NewPassword);
        using (var phone = await host.Client.SendJsonAsync(HttpMethod.Put, "/api/account/phone", new { currentPassword = RecoverySteps.NewPassword, phone = "07 98 76 54 32" }, session))
        {
            Assert.Equal(HttpStatusCode.NoContent, phone.StatusCode);
        }

        var parkedRecovery = (await StorageInspection.WaitForOutboxMessageAsync(host, Names.EmailPoisonQueue, m => m.Email?.To == email && m.Email.Template == EmailTemplate.RecoveryLink)).Email!;
        await StorageInspection.WaitForOutboxMessageAsync(host, Names.EmailNotificationPoisonQueue, m => m.Email?.To == email && m.Email.Template == EmailTemplate.PhoneChanged);
        _faults.Clear();

        // What a holder of the key reads in the parked recovery email: its own code and link.
        var parkedCode = parkedRecovery.Values[EmailValueKeys.Code];
        var parkedToken = Uri.UnescapeDataString(parkedRecovery.Values[EmailValueKeys.RecoveryUrl].Split("#token=")[1]);
        var secrets = new[]
        {
            email, email.Split('@')[0], code, code.Replace("-", "", StringComparison.Ordinal), token, Uri.EscapeDataString(token),
            firstFlow, secondFlow, thirdFlow, parkedCode, parkedCode.Replace("-", "", StringComparison.Ordinal), parkedToken, session,
        };

        var peeked = new List<string>();
        foreach (var queue in Names.AllQueues)
        {
            peeked.AddRange(await StorageInspection.PeekQueueAsync(host, queue));
        }

        var written = host.StorageOperations.QueueMessagesWritten;
        var outbox = host.Host.Services.GetRequiredService<StorageQueueEmailOutbox>();
        var oursWritten = 0;
        var largest = (Json: 0, Queue: 0, Template: "");
        foreach (var text in written)
        {
            var opened = await outbox.TryOpenAsync(text);
            oursWritten += opened?.To == email ? 1 : 0;
            var queueBytes = System.Buffers.Text.Base64.GetMaxEncodedToUtf8Length(text.Length);
            if (opened is not null && queueBytes > largest.Queue)
            {
                largest = (JsonSerializer.SerializeToUtf8Bytes(opened, OutboxEmailJson.Options).Length, queueBytes, opened.Template.ToString());
            }
        }

        output.WriteLine($"Largest message written: {largest.Template}, JSON {largest.Json} B, queue text {largest.Queue} B (clear JSON would be {System.Buffers.Text.Base64.GetMaxEncodedToUtf8Length(largest.Json)} B)");

        // Activation, récapitulatif, two recovery emails, password changed, phone changed, plus re-queues and the two parkings.
        Assert.True(oursWritten >= 8, $"{oursWritten} messages to the journey's address written");
        Assert.True(peeked.Count >= 2, $"{peeked.Count} messages peeked");
        Assert.All(peeked.Concat(written), text => Assert.Matches(EnvelopeShape(), text));
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(peeked, text => text.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(written, text => text.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>One character of a sealed recovery email changed: parked exactly as it came, never sent, logged without content.</summary>
    [Fact]
    public async Task TamperedMessage_ParkedAsItCameAndNotSent()
    {
        var to = Journeys.NewEmail("altere");
        var recovery = RecoveryEmail(to);
        var parts = Seal(CurrentKey(), recovery).Split('.');
        var middle = parts[3].Length / 2;
        parts[3] = parts[3][..middle] + (parts[3][middle] == 'A' ? 'B' : 'A') + parts[3][(middle + 1)..];
        var tampered = string.Join('.', parts);

        await Queue(Names.EmailQueue).SendMessageAsync(tampered);

        await StorageInspection.WaitForOutboxMessageAsync(host, Names.EmailPoisonQueue, m => m.Text == tampered);
        await host.WaitForOutboxIdleAsync();
        Assert.Empty(host.Mailbox.ListMessagesTo(to));
        var logged = Assert.Single(host.Logs.Lines, l => l.Contains("could not be opened (Tampered", StringComparison.Ordinal) && l.Contains("moved as it was", StringComparison.Ordinal));
        Assert.Contains($"key id {parts[1]}", logged, StringComparison.Ordinal);
        Assert.Contains(Names.EmailPoisonQueue, logged, StringComparison.Ordinal);
        foreach (var content in new[] { to, recovery.Values[EmailValueKeys.Code], parts[3][..40] })
        {
            Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(content, StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// Queued under the current key, which a rotation makes the previous one before the worker reads it: delivered. The
    /// rotated keys stay for the collection's later tests, as they would in production.
    /// </summary>
    [Fact]
    public async Task QueuedBeforeRotation_DeliveredUnderThePreviousKey()
    {
        var current = CurrentKey();
        var notice = Notice(Journeys.NewEmail("rotation"));
        var queued = Seal(current, notice);

        // Hidden for a few seconds, so the worker first sees it once the rotation (immediate here) has happened.
        await Queue(Names.EmailNotificationQueue).SendMessageAsync(queued, visibilityTimeout: TimeSpan.FromSeconds(3));
        SetKeys(RandomNumberGenerator.GetBytes(32), Convert.ToBase64String(current));

        var delivered = await host.Mailbox.WaitForMessageAsync(notice.To!, TimeSpan.FromSeconds(30));
        Assert.Equal(notice.OperationId.ToString("D"), delivered.OperationId);
        Assert.NotEqual(OutboxKeyRing.KeyIdOf(CurrentKey()), queued.Split('.')[1]);
        await host.WaitForOutboxIdleAsync();
        Assert.Single(host.Mailbox.ListMessagesTo(notice.To!));
    }

    /// <summary>
    /// Under a key the app does not hold: retried, then parked as it came, not sent; a replay leaves it parked (and
    /// visible); once the operator puts the key back as the previous one, the next replay delivers it, once.
    /// </summary>
    [Fact]
    public async Task UnknownKey_ParkedNotLost_DeliveredOnceTheKeyIsBack()
    {
        var lostKey = RandomNumberGenerator.GetBytes(32);
        var notice = Notice(Journeys.NewEmail("inconnue"));
        var envelope = Seal(lostKey, notice);

        await Queue(Names.EmailNotificationQueue).SendMessageAsync(envelope);

        await StorageInspection.WaitForOutboxMessageAsync(host, Names.EmailNotificationPoisonQueue, m => m.Text == envelope);
        await host.WaitForOutboxIdleAsync();
        Assert.Empty(host.Mailbox.ListMessagesTo(notice.To!));
        // Retried by the host (the keys read afresh each time), then parked by it after its last attempt.
        var kid = OutboxKeyRing.KeyIdOf(lostKey);
        Assert.Contains(host.Logs.Lines, l => l.Contains($"sealed under key id {kid}, which this instance does not hold (attempt 5)", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(notice.To!, StringComparison.Ordinal));

        await ReplayAsync();
        Assert.Contains(envelope, await StorageInspection.PeekQueueAsync(host, Names.EmailNotificationPoisonQueue));
        Assert.Empty(host.Mailbox.ListMessagesTo(notice.To!));

        var (current, previous) = (CurrentKey(), Configuration[PreviousSetting]);
        SetKeys(current, Convert.ToBase64String(lostKey));
        try
        {
            await ReplayAsync();
            var delivered = await host.Mailbox.WaitForMessageAsync(notice.To!, TimeSpan.FromSeconds(30));

            Assert.Equal(notice.OperationId.ToString("D"), delivered.OperationId);
            await host.WaitForOutboxIdleAsync();
            Assert.Single(host.Mailbox.ListMessagesTo(notice.To!));
            Assert.DoesNotContain(envelope, await StorageInspection.PeekQueueAsync(host, Names.EmailNotificationPoisonQueue));
        }
        finally
        {
            SetKeys(current, previous);
        }
    }

    public void Dispose() => _faults.Clear();

    private const string CurrentSetting = $"Secrets:Values:{SecretNames.OutboxKeyCurrent}";

    private const string PreviousSetting = $"Secrets:Values:{SecretNames.OutboxKeyPrevious}";

    private byte[] CurrentKey() => Convert.FromBase64String(Configuration[CurrentSetting]!);

    /// <summary>A rotation as the configuration secret source sees one: the settings change and the configuration reloads.</summary>
    private void SetKeys(byte[] current, string? previous)
    {
        Configuration[CurrentSetting] = Convert.ToBase64String(current);
        Configuration[PreviousSetting] = previous ?? "";
        Configuration.Reload();
    }

    private async Task ReplayAsync()
    {
        using var replay = await host.Client.PostAsync("/admin/functions/ReplayPoisonEmails", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
    }

    private QueueClient Queue(string name)
        => new(host.Host.StorageConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    /// <summary>What the app's outbox writes for <paramref name="email"/> under <paramref name="key"/>.</summary>
    private static string Seal(byte[] key, OutboxEmail email)
        => new OutboxKeyRing(key, null).Seal(JsonSerializer.SerializeToUtf8Bytes(email, OutboxEmailJson.Options));

    private OutboxEmail Notice(string to) => Email(to, EmailTemplate.PasswordChanged, new() { [EmailValueKeys.Date] = Now().ToString("O", CultureInfo.InvariantCulture) });

    private OutboxEmail RecoveryEmail(string to) => Email(to, EmailTemplate.RecoveryLink, new()
    {
        [EmailValueKeys.RecoveryUrl] = "https://espace.example.fr/mot-de-passe#token=altere-" + Guid.NewGuid().ToString("N"),
        [EmailValueKeys.Code] = "K7PX-3MZQ",
        [EmailValueKeys.ExpiresAt] = (Now() + TimeSpan.FromMinutes(30)).ToString("O", CultureInfo.InvariantCulture),
    }) with { ValidUntil = Now() + TimeSpan.FromMinutes(30) };

    private OutboxEmail Email(string to, EmailTemplate template, Dictionary<string, string> values)
    {
        values[EmailValueKeys.AssistanceUrl] = "http://localhost:5173/aide/";
        values[EmailValueKeys.ServiceName] = "impots.gouv.fr";
        return new OutboxEmail(Guid.NewGuid(), template, to, "fr", values, Budget: EmailBudget.None) { EnqueuedAt = Now() };
    }

    private DateTimeOffset Now() => host.Host.Services.GetRequiredService<TimeProvider>().GetUtcNow();

    [GeneratedRegex("^v1\\.[A-Za-z0-9_-]{8}\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]+$")]
    private static partial Regex EnvelopeShape();
}
