using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Core.Passwords;
using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Infrastructure.Storage;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Recovery;

/// <summary>Expiry is checked on use, with the clock, not left to the cleanup timer.</summary>
public sealed class RecoveryExpiryTests(ServiceGraphFixture graph) : IClassFixture<ServiceGraphFixture>
{
    [Fact]
    public async Task Verify_LinkAndCodeAfterThirtyMinutes_LinkExpired()
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active);
        var flow = await graph.Services.GetRequiredService<RecoveryIdentification>().IdentifyAsync(email, "192.0.2.10");
        var values = await LastOutboxValuesAsync(email);
        var token = Uri.UnescapeDataString(values["RecoveryUrl"].Split("#token=")[1]);
        var verification = graph.Services.GetRequiredService<MailboxVerification>();

        graph.Time.Advance(TimeSpan.FromMinutes(31));
        try
        {
            var byLink = await Assert.ThrowsAsync<DomainException>(() => verification.VerifyLinkAsync(token, "fr"));
            var byCode = await Assert.ThrowsAsync<DomainException>(() => verification.VerifyCodeAsync(flow.FlowId, values["Code"], "fr"));

            Assert.Equal(ProblemCode.LinkExpired.Value, byLink.Code);
            Assert.Equal(ProblemCode.LinkExpired.Value, byCode.Code);
            Assert.Equal(ProblemFamily.Gone, byLink.Family);
        }
        finally
        {
            graph.Time.Advance(-TimeSpan.FromMinutes(31));
        }
    }

    [Fact]
    public async Task Answer_FlowOlderThanFifteenMinutes_FlowExpired()
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active);
        await graph.Services.GetRequiredService<RecoveryIdentification>().IdentifyAsync(email, "192.0.2.11");
        var values = await LastOutboxValuesAsync(email);
        var token = Uri.UnescapeDataString(values["RecoveryUrl"].Split("#token=")[1]);
        var verified = await graph.Services.GetRequiredService<MailboxVerification>().VerifyLinkAsync(token, "fr");

        graph.Time.Advance(TimeSpan.FromMinutes(16));
        try
        {
            var refused = await Assert.ThrowsAsync<DomainException>(() => graph.Services.GetRequiredService<SecurityAnswerCheck>().AnswerAsync(verified.FlowId, "dupont"));
            Assert.Equal(ProblemCode.FlowExpired.Value, refused.Code);
        }
        finally
        {
            graph.Time.Advance(-TimeSpan.FromMinutes(16));
        }
    }

    private async Task<IReadOnlyDictionary<string, string>> LastOutboxValuesAsync(string email)
    {
        var names = graph.Services.GetRequiredService<TableNames>();
        var outbox = graph.Services.GetRequiredService<StorageQueueEmailOutbox>();
        var queue = new Azure.Storage.Queues.QueueClient(graph.ConnectionString, names.EmailQueue, new Azure.Storage.Queues.QueueClientOptions { MessageEncoding = Azure.Storage.Queues.QueueMessageEncoding.Base64 });
        var all = new List<OutboxEmail>();
        while (true)
        {
            var batch = (await queue.ReceiveMessagesAsync(32)).Value;
            if (batch.Length == 0)
            {
                break;
            }

            // Each message is sealed: opened with the app's outbox key, as its queue worker does.
            foreach (var message in batch)
            {
                all.Add(await outbox.TryOpenAsync(message.MessageText) ?? throw new InvalidOperationException("An outbox message did not open."));
            }
        }

        return all.Last(m => m.To == email).Values;
    }
}
