using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using RecoveryFunctions.DevServices.Email;

namespace RecoveryFunctions.TestSupport;

/// <summary>The forgotten-password steps over HTTP, reading the emailed link and code from the mailbox.</summary>
public static partial class RecoverySteps
{
    public const string NewPassword = "Nouveau-Depart-2026x";

    public static async Task<string> IdentifyAsync(this LocalHostFixture host, string email)
    {
        using var response = await host.Client.PostJsonAsync("/api/password-recovery", new { email, captchaId = "any", captchaText = "any" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("flowId").GetString()!;
    }

    /// <summary>Waits for the n-th recovery email to <paramref name="email"/> (1-based, oldest first).</summary>
    public static async Task<LocalMailMessage> RecoveryEmailAsync(this LocalHostFixture host, string email, int nth = 1)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var messages = host.Mailbox.ListMessagesTo(email).Where(m => m.Subject.Contains("Réinitialisation", StringComparison.Ordinal)).ToList();
            if (messages.Count >= nth)
            {
                return messages[nth - 1];
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"Recovery email #{nth} to {email} did not arrive.");
            }

            await Task.Delay(100);
        }
    }

    public static string CodeIn(LocalMailMessage message)
    {
        var match = Code().Match(message.TextBody ?? "");
        Assert.True(match.Success, "No code in: " + message.TextBody);
        return match.Value;
    }

    public static async Task<JsonElement> VerifyLinkAsync(this LocalHostFixture host, string token)
    {
        using var response = await host.Client.PostJsonAsync("/api/password-recovery/verify", new { token });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    public static async Task AnswerAsync(this LocalHostFixture host, string flowId, string answer = Journeys.Answer)
    {
        using var response = await host.Client.PostJsonAsync("/api/password-recovery/answer", new { flowId, answer });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("password", (await response.JsonAsync()).GetProperty("next").GetString());
    }

    public static Task<HttpResponseMessage> SetPasswordAsync(this LocalHostFixture host, string flowId, string password = NewPassword)
        => host.Client.PostJsonAsync("/api/password-recovery/password", new { flowId, newPassword = password, newPasswordConfirmation = password });

    /// <summary>Generates a set of saved recovery codes from the account space and returns them as shown.</summary>
    public static async Task<string[]> GenerateRecoveryCodesAsync(this LocalHostFixture host, string session, string password = Journeys.Password)
    {
        using var response = await host.Client.PostJsonAsync("/api/account/recovery-codes", new { currentPassword = password }, session);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return [.. (await response.JsonAsync()).GetProperty("codes").EnumerateArray().Select(c => c.GetString()!)];
    }

    /// <summary>"J'ai un code de secours": email, captcha and the code, in one request.</summary>
    public static Task<HttpResponseMessage> RecoverWithCodeAsync(this LocalHostFixture host, string email, string recoveryCode)
        => host.Client.PostJsonAsync("/api/password-recovery/recovery-code", new { email, recoveryCode, captchaId = "any", captchaText = "any" });

    [GeneratedRegex("\\b[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}\\b")]
    private static partial Regex Code();
}
