using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Core.Passwords;
using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.TestSupport.InMemory;

namespace RecoveryFunctions.Tests.Recovery;

/// <summary>Expiry is checked on use, with the clock, not left to the cleanup timer (Core services on the in-memory adapters).</summary>
public sealed class RecoveryExpiryTests(InMemoryServiceGraph graph) : IClassFixture<InMemoryServiceGraph>
{
    [Fact]
    public async Task Verify_LinkAndCodeAfterThirtyMinutes_LinkExpired()
    {
        var email = await graph.CreateAccountAsync(AccountStatus.Active);
        var flow = await graph.Request<RecoveryIdentification>().IdentifyAsync(email, "192.0.2.10");
        var values = await graph.LastOutboxValuesAsync(email);
        var token = Uri.UnescapeDataString(values["RecoveryUrl"].Split("#token=")[1]);

        graph.Time.Advance(TimeSpan.FromMinutes(31));
        try
        {
            var byLink = await Assert.ThrowsAsync<DomainException>(() => graph.Request<MailboxVerification>().VerifyLinkAsync(token, "fr", "192.0.2.1"));
            var byCode = await Assert.ThrowsAsync<DomainException>(() => graph.Request<MailboxVerification>().VerifyCodeAsync(flow.FlowId, values["Code"], "fr", "192.0.2.1"));

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
        await graph.Request<RecoveryIdentification>().IdentifyAsync(email, "192.0.2.11");
        var values = await graph.LastOutboxValuesAsync(email);
        var token = Uri.UnescapeDataString(values["RecoveryUrl"].Split("#token=")[1]);
        var verified = await graph.Request<MailboxVerification>().VerifyLinkAsync(token, "fr", "192.0.2.1");

        graph.Time.Advance(TimeSpan.FromMinutes(16));
        try
        {
            var refused = await Assert.ThrowsAsync<DomainException>(() => graph.Request<SecurityAnswerCheck>().AnswerAsync(verified.FlowId, "dupont"));
            Assert.Equal(ProblemCode.FlowExpired.Value, refused.Code);
        }
        finally
        {
            graph.Time.Advance(-TimeSpan.FromMinutes(16));
        }
    }
}
