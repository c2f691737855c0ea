using System.Net;
using System.Security.Cryptography;
using System.Text;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.EndToEnd;

/// <summary>Forgotten username over HTTP: one answer for every number, the login email only to an active account's address.</summary>
[Collection(LocalHostCollection.Name)]
public sealed class UsernameRecoveryTests(LocalHostFixture host)
{
    private const string ReminderSubject = "Rappel de votre identifiant";

    // Headers that legitimately differ between two identical answers.
    private static readonly string[] VaryingHeaders = ["Date", "traceparent", "Request-Id"];

    [Fact]
    public async Task Recover_UnknownPendingActive_IdenticalResponsesEmailOnlyForActive()
    {
        var activeEmail = Journeys.NewEmail("actif");
        var active = (await host.CreateActiveAccountAsync(activeEmail)).GetProperty("subscriberNumber").GetString()!;
        var pendingEmail = Journeys.NewEmail("attente");
        await host.RegisterAsync(pendingEmail);
        var pending = (await StorageInspection.AccountsWithEmailAsync(host, pendingEmail)).Single().PartitionKey;
        var unknown = SubscriberNumber.Generate();
        var ip = NewClientIp();

        // Earlier tests' reminders to unknown numbers are still being dropped: count only this test's.
        await host.WaitForOutboxIdleAsync();
        var answers = new List<string>();
        using var outcomes = new MeasurementTally(host.Host.Services);
        foreach (var number in new[] { unknown, pending, active })
        {
            using var response = await RecoverAsync(number, ip);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            answers.Add(await DescribeAsync(response));
        }

        Assert.Equal(answers[0], answers[1]);
        Assert.Equal(answers[0], answers[2]);
        var reminder = await host.Mailbox.WaitForMessageAsync(activeEmail, TimeSpan.FromSeconds(30), m => m.Subject.Contains(ReminderSubject, StringComparison.Ordinal));
        Assert.Contains(activeEmail, reminder.TextBody!, StringComparison.Ordinal);

        // The unknown and pending numbers' reminders have no recipient: once both are dropped, none can arrive later.
        await outcomes.WaitForAsync(RecoveryMetrics.EmailDropped, "template=UsernameReminder", 2);
        Assert.Equal(2, outcomes[RecoveryMetrics.EmailDropped, "template=UsernameReminder"]);
        Assert.DoesNotContain(host.Mailbox.ListMessagesTo(pendingEmail), m => m.Subject.Contains(ReminderSubject, StringComparison.Ordinal));
        Assert.DoesNotContain(host.Mailbox.ListMessages(), m => m.TextBody?.Contains(unknown, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Recover_SpacedNumber_AcceptedLikeTyped()
    {
        var email = Journeys.NewEmail("espaces");
        var number = (await host.CreateActiveAccountAsync(email)).GetProperty("subscriberNumber").GetString()!;

        using var response = await RecoverAsync(string.Join(' ', number.Chunk(4).Select(c => new string(c))), NewClientIp());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await host.Mailbox.WaitForMessageAsync(email, TimeSpan.FromSeconds(30), m => m.Subject.Contains(ReminderSubject, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("123")]
    [InlineData("abcdefghijklm")]
    [InlineData("12345678901234567890")]
    public async Task Recover_MalformedNumber_BadRequestWithCode(string number)
    {
        using var response = await RecoverAsync(number, NewClientIp());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("subscriber-number-invalid", await response.ProblemCodeAsync());
    }

    [Fact]
    public async Task Recover_WrongCheckDigit_BadRequestWithCode()
    {
        var number = SubscriberNumber.Generate();
        var wrong = number[..^1] + (char)('0' + ((number[^1] - '0' + 1) % 10));

        using var response = await RecoverAsync(wrong, NewClientIp());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("subscriber-number-invalid", await response.ProblemCodeAsync());
    }

    [Fact]
    public async Task Recover_ManyRequestsForOneNumberFromManyAddresses_NeverRefusedRemindersCapped()
    {
        var email = Journeys.NewEmail("quota");
        var known = (await host.CreateActiveAccountAsync(email)).GetProperty("subscriberNumber").GetString()!;
        var unknown = SubscriberNumber.Generate();
        using var outcomes = new MeasurementTally(host.Host.Services);

        // Strangers from six addresses each: no count keyed by the number, so none of them (nor the holder after) is refused.
        var answers = new List<string>();
        foreach (var number in new[] { known, unknown })
        {
            for (var i = 0; i < 6; i++)
            {
                using var response = await RecoverAsync(number, NewClientIp());
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                answers.Add(await DescribeAsync(response));
            }
        }

        Assert.All(answers, a => Assert.Equal(answers[0], a));

        // The reminders spend the address's username allowance (3 a day): three arrive, three are dropped.
        await outcomes.WaitForAsync(RecoveryMetrics.EmailDropped, "reason=capped", 3);
        await host.WaitForOutboxIdleAsync();
        Assert.Equal(3, host.Mailbox.ListMessagesTo(email).Count(m => m.Subject.Contains(ReminderSubject, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Recover_ThirtyFirstRequestFromOneIp_TooManyRequests()
    {
        var ip = NewClientIp();
        for (var i = 0; i < 30; i++)
        {
            using var allowed = await RecoverAsync(SubscriberNumber.Generate(), ip);
            Assert.Equal(HttpStatusCode.Accepted, allowed.StatusCode);
        }

        using var refused = await RecoverAsync(SubscriberNumber.Generate(), ip);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("rate-limited", await refused.ProblemCodeAsync());
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    [Fact]
    public async Task Recover_AcceptLanguageEnglish_EnglishMessage()
    {
        using var request = NewRequest(SubscriberNumber.Generate(), NewClientIp());
        request.Headers.AcceptLanguage.ParseAdd("en");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.StartsWith("If this subscriber number", (await response.JsonAsync()).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> RecoverAsync(string subscriberNumber, string clientIp)
    {
        using var request = NewRequest(subscriberNumber, clientIp);
        return await host.Client.SendAsync(request);
    }

    /// <summary>Each test gets its own client address, so the per-IP throttle of one test never touches another.</summary>
    private static HttpRequestMessage NewRequest(string subscriberNumber, string clientIp)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(new { subscriberNumber, captchaId = "any", captchaText = "any" });
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/username-recovery") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Forwarded-For", clientIp);
        return request;
    }

    private static string NewClientIp() => $"10.{RandomNumberGenerator.GetInt32(256)}.{RandomNumberGenerator.GetInt32(256)}.{RandomNumberGenerator.GetInt32(1, 255)}";

    /// <summary>Status, every header but the per-request ones, and the body with its trace id blanked.</summary>
    private static async Task<string> DescribeAsync(HttpResponseMessage response)
    {
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => !VaryingHeaders.Contains(h.Key, StringComparer.OrdinalIgnoreCase))
            .OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .Select(h => $"{h.Key}: {string.Join(",", h.Value)}");
        return $"{(int)response.StatusCode}\n{string.Join("\n", headers)}\n\n{await Journeys.BodyWithoutTraceIdAsync(response)}";
    }
}
