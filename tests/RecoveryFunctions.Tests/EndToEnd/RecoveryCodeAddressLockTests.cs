using System.Net;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.EndToEnd;

/// <summary>
/// Wrong recovery codes are counted by the typed address, not by the client (docs/security/recovery-codes.md): a stranger
/// spreading guesses over many client addresses closes the code way for 24 h all the same, and nothing else.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class RecoveryCodeAddressLockTests(LocalHostFixture host)
{
    [Fact]
    public async Task WrongCodesFromThreeLoopbackAddresses_CodeWayClosedForTheDay_LinkAndQuestionStillOpen()
    {
        var email = Journeys.NewEmail("secours-adresses");
        await host.CreateActiveAccountAsync(email);
        var codes = await host.GenerateRecoveryCodesAsync(await host.SignInAsync(email));

        // Each guess from its own 127.x.y.z socket: no client allowance is shared between them.
        for (var i = 0; i < 3; i++)
        {
            using var client = LoopbackSource.Client(host.Host.BaseAddress, LoopbackSource.NewAddress());
            using var wrong = await client.PostJsonAsync("/api/password-recovery/recovery-code", new { email, recoveryCode = "2345-6789-ABCD-EFGH-JKMN-PQRS", captchaId = "any", captchaText = "any" });
            Assert.Equal("recovery-code-invalid", await wrong.ProblemCodeAsync());
        }

        using (var client = LoopbackSource.Client(host.Host.BaseAddress, LoopbackSource.NewAddress()))
        using (var right = await client.PostJsonAsync("/api/password-recovery/recovery-code", new { email, recoveryCode = codes[0], captchaId = "any", captchaText = "any" }))
        {
            Assert.Equal("recovery-codes-locked", await right.ProblemCodeAsync());
            // Until the 24-hour window of the address's counter ends (windows are aligned, so at most 24 h).
            Assert.InRange(right.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(24));
        }

        // The holder's other way back: the emailed code, the question, a new password.
        var flowId = await host.IdentifyAsync(email);
        var code = RecoverySteps.CodeIn(await host.RecoveryEmailAsync(email));
        using var verified = await host.Client.PostJsonAsync("/api/password-recovery/verify", new { flowId, code });
        var next = (await verified.JsonAsync()).GetProperty("flowId").GetString()!;
        await host.AnswerAsync(next);
        using var reset = await host.SetPasswordAsync(next);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
    }
}
