using System.Diagnostics;
using System.Net;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Benchmarks;

/// <summary>
/// One user's way through the API (contract §3), timing each call. The recovery steps follow the SPEC
/// contract; while that flow is not deployed, its first step answers 404 and the journey reports it
/// as unavailable rather than failing.
/// </summary>
public sealed class HttpJourney(BenchmarkHost host, StepTimings timings)
{
    private static readonly TimeSpan MailTimeout = TimeSpan.FromSeconds(60);

    public static string NewEmail() => Journeys.NewEmail("bench");

    public async Task RegisterAndActivateAsync(string email, CancellationToken cancellationToken = default)
    {
        await CreateCaptchaAsync("registration", cancellationToken);
        (await SendAsync("register", HttpMethod.Post, "/api/accounts", Journeys.RegistrationBody(email), HttpStatusCode.Accepted, cancellationToken: cancellationToken)).Dispose();
        var token = await NextLinkTokenAsync(email, [], cancellationToken);
        (await SendAsync("activate", HttpMethod.Post, "/api/accounts/activate", new { token }, HttpStatusCode.OK, cancellationToken: cancellationToken)).Dispose();
    }

    public async Task SignInAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync("sign-in", HttpMethod.Post, "/api/sessions", new { email, password }, HttpStatusCode.Created, cancellationToken: cancellationToken);
        var session = (await response.JsonAsync()).GetProperty("sessionToken").GetString();
        (await SendAsync("get-account", HttpMethod.Get, "/api/account", null, HttpStatusCode.OK, session, cancellationToken)).Dispose();
    }

    /// <summary>The forgotten-password flow (contract §2.3); false when the deployed app does not offer it yet.</summary>
    public async Task<bool> RecoverPasswordAsync(string email, string newPassword, CancellationToken cancellationToken = default)
    {
        var seen = host.Mailbox.ListMessagesTo(email).Select(m => m.FilePath).ToHashSet(StringComparer.Ordinal);
        await CreateCaptchaAsync("password-recovery", cancellationToken);
        var started = Stopwatch.GetTimestamp();
        using (var identify = await host.Client.PostJsonAsync("/api/password-recovery", new { email, captchaId = "any", captchaText = "any" }))
        {
            if (identify.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }

            await ExpectAsync(identify, HttpStatusCode.Accepted, "recovery-identify");
            timings.Add("recovery-identify", Stopwatch.GetElapsedTime(started));
        }

        var token = await NextLinkTokenAsync(email, seen, cancellationToken);
        string flowId;
        using (var verify = await SendAsync("recovery-verify", HttpMethod.Post, "/api/password-recovery/verify", new { token }, HttpStatusCode.OK, cancellationToken: cancellationToken))
        {
            flowId = (await verify.JsonAsync()).GetProperty("flowId").GetString()!;
        }

        (await SendAsync("recovery-answer", HttpMethod.Post, "/api/password-recovery/answer", new { flowId, answer = Journeys.Answer }, HttpStatusCode.OK, cancellationToken: cancellationToken)).Dispose();
        (await SendAsync("recovery-password", HttpMethod.Post, "/api/password-recovery/password", new { flowId, newPassword, newPasswordConfirmation = newPassword }, HttpStatusCode.OK, cancellationToken: cancellationToken)).Dispose();
        return true;
    }

    private async Task CreateCaptchaAsync(string purpose, CancellationToken cancellationToken)
        => (await SendAsync("captcha", HttpMethod.Post, "/api/captchas", new { purpose }, HttpStatusCode.Created, cancellationToken: cancellationToken)).Dispose();

    private async Task<string> NextLinkTokenAsync(string email, HashSet<string> seen, CancellationToken cancellationToken)
    {
        var message = await host.Mailbox.WaitForMessageAsync(email, MailTimeout, m => !seen.Contains(m.FilePath) && m.TextBody?.Contains("#token=", StringComparison.Ordinal) == true, cancellationToken);
        return Journeys.TokenIn(message);
    }

    private async Task<HttpResponseMessage> SendAsync(string step, HttpMethod method, string path, object? body, HttpStatusCode expected, string? bearer = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var started = Stopwatch.GetTimestamp();
        var response = await host.Client.SendJsonAsync(method, path, body, bearer);
        var elapsed = Stopwatch.GetElapsedTime(started);
        await ExpectAsync(response, expected, step);
        timings.Add(step, elapsed);
        return response;
    }

    private static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode expected, string step)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            response.Dispose();
            throw new InvalidOperationException($"{step}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        }
    }

    /// <summary>Passwords differ per use so the history rule (last 5) never refuses one.</summary>
    public static string NewPassword() => "Cerisier-Vert-" + Guid.NewGuid().ToString("N")[..8] + "-7x";
}
