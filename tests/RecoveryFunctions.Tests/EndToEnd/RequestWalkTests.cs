using System.Net;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.EndToEnd;

/// <summary>
/// The three scenarios the request-walk measurement compares (tests/RecoveryFunctions.Benchmarks/walk): the same
/// set-up, then nothing, one identify, or the whole forgotten-password journey, each ending when the outbox is idle
/// so the emails a step queues are part of its walk.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class RequestWalkTests(LocalHostFixture host)
{
    [Fact]
    public async Task Walk_Setup_ActiveAccountWithActivationAndSummaryEmails()
    {
        var email = await SetUpAsync();

        Assert.Equal(2, host.Mailbox.ListMessagesTo(email).Count);
    }

    [Fact]
    public async Task Walk_Identify_RecoveryEmailArrives()
    {
        var email = await SetUpAsync();

        await host.IdentifyAsync(email);
        await host.RecoveryEmailAsync(email);
        await host.WaitForOutboxIdleAsync();

        Assert.Equal(3, host.Mailbox.ListMessagesTo(email).Count);
    }

    [Fact]
    public async Task Walk_Journey_PasswordResetAndConfirmationArrive()
    {
        var email = await SetUpAsync();

        await host.IdentifyAsync(email);
        var verified = await host.VerifyLinkAsync(Journeys.TokenIn(await host.RecoveryEmailAsync(email)));
        var flowId = verified.GetProperty("flowId").GetString()!;
        await host.AnswerAsync(flowId);
        using var reset = await host.SetPasswordAsync(flowId);
        await host.WaitForOutboxIdleAsync();

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal(4, host.Mailbox.ListMessagesTo(email).Count);
    }

    private async Task<string> SetUpAsync()
    {
        var email = Journeys.NewEmail("parcours");
        await host.CreateActiveAccountAsync(email);
        await host.WaitForOutboxIdleAsync();
        return email;
    }
}
