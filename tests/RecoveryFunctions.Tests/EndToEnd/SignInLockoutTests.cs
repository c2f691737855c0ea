using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.EndToEnd;

/// <summary>A system of its own with a small per-client sign-in limit (4 an hour).</summary>
public sealed class SignInLockoutFixture : LocalHostFixture
{
    public const int PerClient = 4;

    protected override IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>
    {
        ["Captcha:Mode"] = "AlwaysPass",
        ["Throttling:SignInPerClientPerHour"] = PerClient.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>
/// The sign-in lockout over HTTP (README, "Sign-in lockout design"): strangers' failures lock out strangers, not
/// the holder at a client address they signed in from; one client cannot spray sign-ins across accounts. The counts are
/// fixed windows on the real clock, so each test starts clear of the next whole hour.
/// </summary>
public sealed class SignInLockoutTests(SignInLockoutFixture host) : IClassFixture<SignInLockoutFixture>
{
    private const string WrongPassword = "Mauvais-Essai-0000";

    // Headers that legitimately differ between two identical answers.
    private static readonly string[] VaryingHeaders = ["Date", "traceparent", "Request-Id"];

    [Fact]
    public async Task SignIn_StrangersFailFromOtherAddresses_HolderStillSignsInFromHisOwn()
    {
        await HourBoundary.ClearOfItAsync(TimeSpan.FromMinutes(1));
        var email = Journeys.NewEmail("familier");
        await host.CreateActiveAccountAsync(email);
        var home = NewClientAddress();
        using (var first = await SignInAsync(email, Journeys.Password, home))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        for (var i = 0; i < 6; i++)
        {
            using var failure = await SignInAsync(email, WrongPassword + i, NewClientAddress());
            Assert.Equal(HttpStatusCode.Unauthorized, failure.StatusCode);
        }

        using var stranger = await SignInAsync(email, Journeys.Password, NewClientAddress());
        using var holder = await SignInAsync(email, Journeys.Password, home);

        Assert.Equal(HttpStatusCode.Unauthorized, stranger.StatusCode);
        Assert.Equal(HttpStatusCode.Created, holder.StatusCode);
        Assert.False(string.IsNullOrEmpty((await holder.JsonAsync()).GetProperty("sessionToken").GetString()));
        await host.Mailbox.WaitForMessageAsync(email, TimeSpan.FromSeconds(30), m => m.Subject.Contains("bloqu", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task SignIn_StrangersLockedOut_SameAnswerAsUnknownAddress()
    {
        await HourBoundary.ClearOfItAsync(TimeSpan.FromMinutes(1));
        var email = Journeys.NewEmail("verrou");
        await host.CreateActiveAccountAsync(email);
        var unknown = Journeys.NewEmail("inconnu");
        for (var i = 0; i < 5; i++)
        {
            using (await SignInAsync(email, WrongPassword, NewClientAddress()))
            using (await SignInAsync(unknown, WrongPassword, NewClientAddress()))
            {
            }
        }

        using var locked = await SignInAsync(email, Journeys.Password, NewClientAddress());
        using var lockedUnknown = await SignInAsync(unknown, Journeys.Password, NewClientAddress());

        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Equal(await DescribeAsync(lockedUnknown), await DescribeAsync(locked));
    }

    [Fact]
    public async Task SignIn_SprayingManyAccountsFromOneClient_RateLimitedAlikeForKnownAndUnknown()
    {
        await HourBoundary.ClearOfItAsync(TimeSpan.FromMinutes(1));
        var known = Journeys.NewEmail("pulverise");
        await host.CreateActiveAccountAsync(known);
        var client = NewClientAddress();
        for (var i = 0; i < SignInLockoutFixture.PerClient; i++)
        {
            using var sprayed = await SignInAsync(Journeys.NewEmail("cible" + i), WrongPassword, client);
            Assert.Equal(HttpStatusCode.Unauthorized, sprayed.StatusCode);
        }

        using var toKnown = await SignInAsync(known, Journeys.Password, client);
        using var toUnknown = await SignInAsync(Journeys.NewEmail("inconnu"), Journeys.Password, client);
        using var otherClient = await SignInAsync(known, Journeys.Password, NewClientAddress());

        Assert.Equal(HttpStatusCode.TooManyRequests, toKnown.StatusCode);
        Assert.Equal("rate-limited", await toKnown.ProblemCodeAsync());
        Assert.True(toKnown.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(await DescribeAsync(toUnknown), await DescribeAsync(toKnown));
        Assert.Equal(HttpStatusCode.Created, otherClient.StatusCode);
    }

    private async Task<HttpResponseMessage> SignInAsync(string email, string password, string clientAddress)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { email, password }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Forwarded-For", clientAddress);
        return await host.Client.SendAsync(request);
    }

    private static string NewClientAddress() => $"10.{RandomNumberGenerator.GetInt32(256)}.{RandomNumberGenerator.GetInt32(256)}.{RandomNumberGenerator.GetInt32(1, 255)}";

    /// <summary>Status, every header but the per-request ones (Retry-After in whole seconds may tick), and the body without its trace id.</summary>
    private static async Task<string> DescribeAsync(HttpResponseMessage response)
    {
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => !VaryingHeaders.Contains(h.Key, StringComparer.OrdinalIgnoreCase))
            .OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .Select(h => h.Key + ": " + (h.Key == "Retry-After" ? "<seconds>" : string.Join(",", h.Value)));
        return $"{(int)response.StatusCode}\n{string.Join("\n", headers)}\n\n{await Journeys.BodyWithoutTraceIdAsync(response)}";
    }
}
