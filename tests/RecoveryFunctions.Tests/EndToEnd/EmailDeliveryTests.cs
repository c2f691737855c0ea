using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.DevServices.Email;
using RecoveryFunctions.Infrastructure.Storage;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.EndToEnd;

/// <summary>The outbox against an email service that throttles and fails (contract §2.6).</summary>
[Collection(EmailDeliveryCollection.Name)]
public sealed class EmailDeliveryTests(EmailDeliveryFixture host) : IDisposable
{
    private readonly LocalAcsFaultPlan _faults = host.Host.Services.GetRequiredService<LocalAcsFaultPlan>();

    [Fact]
    public async Task Send_ThrottledThenFailingThenAccepted_ArrivesOnce()
    {
        _faults.Enqueue(new LocalAcsFault(429, TimeSpan.FromSeconds(1)), new LocalAcsFault(500));
        var email = Journeys.NewEmail("quota");

        await host.RegisterAsync(email);

        await host.Mailbox.WaitForMessageAsync(email, TimeSpan.FromSeconds(30));
        await host.WaitForOutboxIdleAsync();
        Assert.Single(host.Mailbox.ListMessagesTo(email));
    }

    [Fact]
    public async Task Send_AlwaysFailing_PoisonAfterFiveFailuresThenReplayDeliversOnce()
    {
        _faults.Always(500);
        var lost = Journeys.NewEmail("panne");
        await host.RegisterAsync(lost);

        var names = host.Host.Services.GetRequiredService<TableNames>();
        var poisoned = (await StorageInspection.WaitForOutboxMessageAsync(host, names.EmailPoisonQueue, m => m.Email?.To == lost)).Email!;
        _faults.Clear();

        Assert.Equal(lost, poisoned.To);
        Assert.Equal(5, poisoned.Delivery.TransientFailures);
        Assert.Empty(host.Mailbox.ListMessagesTo(lost));
        Assert.Contains(host.Logs.Lines, l => l.Contains("poison", StringComparison.OrdinalIgnoreCase));

        var next = Journeys.NewEmail("apres");
        await host.RegisterAsync(next);
        await host.Mailbox.WaitForMessageAsync(next, TimeSpan.FromSeconds(30));

        // The operator's replay, as in Azure: the disabled timer function run through the host's admin endpoint.
        using var replay = await host.Client.PostAsync("/admin/functions/ReplayPoisonEmails", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, replay.StatusCode);
        var delivered = await host.Mailbox.WaitForMessageAsync(lost, TimeSpan.FromSeconds(30));

        Assert.Equal(poisoned.OperationId.ToString("D"), delivered.OperationId);
        Assert.DoesNotContain(await StorageInspection.PeekOutboxAsync(host, names.EmailPoisonQueue), m => m.Email?.To == lost);
    }

    public void Dispose() => _faults.Clear();
}
