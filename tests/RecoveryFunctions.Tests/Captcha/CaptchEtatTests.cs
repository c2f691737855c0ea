using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.DevServices.CaptchEtat;
using RecoveryFunctions.Tests.EndToEnd;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Captcha;

/// <summary>
/// The host with <c>Captcha:Provider=CaptchEtat</c> against the local emulation of the PISTE contract, on a manual
/// clock (shared by the app and the emulation) so token and challenge expiry are reached without waiting. Calls to
/// PISTE time out after 1 s; the emulation's challenges live 2 minutes, its tokens 10.
/// </summary>
public sealed class CaptchEtatFixture : LocalHostFixture
{
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(10);

    public static readonly TimeSpan ChallengeLifetime = TimeSpan.FromMinutes(2);

    public ManualTimeProvider Clock { get; } = new(TimeProvider.System.GetUtcNow());

    public LocalCaptchEtatStore Service => Host.Services.GetRequiredService<LocalCaptchEtatStore>();

    public LocalCaptchEtatFaultPlan Faults => Host.Services.GetRequiredService<LocalCaptchEtatFaultPlan>();

    protected override IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>
    {
        ["Captcha:Mode"] = "Image",
        ["Captcha:Provider"] = "CaptchEtat",
        ["Captcha:CaptchEtat:Timeout"] = "00:00:03",
        ["LocalCaptchEtat:TokenLifetime"] = TokenLifetime.ToString("c"),
        ["LocalCaptchEtat:ChallengeLifetime"] = ChallengeLifetime.ToString("c"),
        ["Throttling:CaptchasPerIpPerHour"] = "1000",
        ["Cleanup:Schedule"] = "0 0 3 * * *",
    };

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}

/// <summary>
/// The CaptchEtat provider through the public steps over real HTTP, the answer read from the emulated service's
/// side (which knows the text it drew): accepted once, refused when wrong, reused, expired or for another step; the
/// sound proxied; the token cached, refreshed on expiry and after a 401; every outage fails closed with
/// <c>captcha-unavailable</c> (503, Retry-After), never a 500 and never a challenge that cannot be checked.
/// </summary>
public sealed class CaptchEtatTests(CaptchEtatFixture host) : IClassFixture<CaptchEtatFixture>, IDisposable
{
    public void Dispose() => host.Faults.Clear();

    [Fact]
    public async Task Create_CaptchEtat_ServiceImageAsDataUriWithAltTextAndAudioPath()
    {
        using var created = await host.Client.CreateCaptchaAsync("password-recovery");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        var image = body.GetProperty("image").GetString()!;
        Assert.StartsWith("data:image/png;base64,", image, StringComparison.Ordinal);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], Convert.FromBase64String(image["data:image/png;base64,".Length..])[..4]);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("image2x").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("length").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("proofOfWork").ValueKind);
        Assert.Contains("Image du code de sécurité", body.GetProperty("altText").GetString(), StringComparison.Ordinal);
        var id = body.GetProperty("captchaId").GetString()!;
        Assert.Equal($"/api/captchas/{Uri.EscapeDataString(id)}/audio", body.GetProperty("audioUrl").GetString());
        // The browser never learns the service's uuid nor its host.
        var raw = await created.Content.ReadAsStringAsync();
        Assert.DoesNotContain("uuid", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("piste", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Step_RightAnswer_AcceptedOnceThenRefused()
    {
        var (id, text) = await SolveAsync("password-recovery");

        using var accepted = await PostAsync("password-recovery", id, text);
        using var replayed = await PostAsync("password-recovery", id, text);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        Assert.Equal("captcha-invalid", await replayed.ProblemCodeAsync());
    }

    [Fact]
    public async Task Step_RightAnswerInLowerCase_Accepted()
    {
        var (id, text) = await SolveAsync("username-recovery");

        using var accepted = await PostAsync("username-recovery", id, "  " + text.ToLowerInvariant() + " ");

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    [Fact]
    public async Task Step_WrongAnswer_CaptchaInvalidAndChallengeSpent()
    {
        var (id, text) = await SolveAsync("password-recovery");

        using var wrong = await PostAsync("password-recovery", id, text + "X");
        using var thenRight = await PostAsync("password-recovery", id, text);

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("captcha-invalid", await wrong.ProblemCodeAsync());
        Assert.Equal("captcha-invalid", await thenRight.ProblemCodeAsync());
    }

    [Theory]
    [InlineData("registration", "password-recovery")]
    [InlineData("password-recovery", "username-recovery")]
    public async Task Step_RightAnswerIssuedForAnotherStep_CaptchaInvalid(string issuedFor, string postedTo)
    {
        var (id, text) = await SolveAsync(issuedFor);

        using var response = await PostAsync(postedTo, id, text);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("captcha-invalid", await response.ProblemCodeAsync());
    }

    [Fact]
    public async Task Step_ExpiredAtTheServiceButNotHere_CaptchaInvalid()
    {
        var (id, text) = await SolveAsync("password-recovery");
        host.Clock.Advance(CaptchEtatFixture.ChallengeLifetime + TimeSpan.FromSeconds(1));

        using var response = await PostAsync("password-recovery", id, text);

        Assert.Equal("captcha-invalid", await response.ProblemCodeAsync());
    }

    [Fact]
    public async Task Step_ExpiredHere_CaptchaInvalidWithoutAskingTheService()
    {
        var (id, text) = await SolveAsync("password-recovery");
        host.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var validations = host.Service.Validations;

        using var response = await PostAsync("password-recovery", id, text);

        Assert.Equal("captcha-invalid", await response.ProblemCodeAsync());
        Assert.Equal(validations, host.Service.Validations);
    }

    [Fact]
    public async Task Audio_ProxiedFromTheService_WavOfTheTextThenRefusedOnceUsed()
    {
        using var created = await host.Client.CreateCaptchaAsync("password-recovery");
        var body = await created.JsonAsync();
        var (id, text) = (body.GetProperty("captchaId").GetString()!, host.Service.LastText!);

        using var audio = await host.Client.GetAsync(body.GetProperty("audioUrl").GetString()!);
        Assert.Equal(HttpStatusCode.OK, audio.StatusCode);
        Assert.Equal("audio/wav", audio.Content.Headers.ContentType?.MediaType);
        Assert.InRange(WavAssert.DurationOf(await audio.Content.ReadAsByteArrayAsync()), text.Length * 0.55, (text.Length * 1.55) + 1.1);

        using var step = await PostAsync("password-recovery", id, text);
        using var after = await host.Client.GetAsync(body.GetProperty("audioUrl").GetString()!);
        Assert.Equal(HttpStatusCode.Accepted, step.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        Assert.Equal("captcha-audio-unavailable", await after.ProblemCodeAsync());
    }

    [Fact]
    public async Task Token_CachedThenRefreshedWhenAboutToExpire()
    {
        await SolveAsync("password-recovery");
        var issued = host.Service.TokensIssued;

        await SolveAsync("password-recovery");
        Assert.Equal(issued, host.Service.TokensIssued);

        host.Clock.Advance(CaptchEtatFixture.TokenLifetime - TimeSpan.FromSeconds(30));
        var (id, text) = await SolveAsync("password-recovery");
        using var step = await PostAsync("password-recovery", id, text);

        Assert.Equal(issued + 1, host.Service.TokensIssued);
        Assert.Equal(HttpStatusCode.Accepted, step.StatusCode);
    }

    [Fact]
    public async Task Token_RevokedByTheService_OneRefreshAndTheStepSucceeds()
    {
        var (id, text) = await SolveAsync("password-recovery");
        var issued = host.Service.TokensIssued;
        host.Service.RevokeTokens();

        using var step = await PostAsync("password-recovery", id, text);

        Assert.Equal(HttpStatusCode.Accepted, step.StatusCode);
        Assert.Equal(issued + 1, host.Service.TokensIssued);
    }

    [Fact]
    public async Task Api_401EvenAfterARefresh_FailsClosed()
    {
        var (id, text) = await SolveAsync("password-recovery");
        host.Faults.Always(LocalCaptchEtatFault.Status(401));

        using var step = await PostAsync("password-recovery", id, text);
        using var created = await host.Client.CreateCaptchaAsync("password-recovery");

        await AssertUnavailableAsync(step);
        await AssertUnavailableAsync(created);
    }

    [Fact]
    public async Task TokenEndpoint_RefusesTheCredentials_FailsClosed()
    {
        host.Service.RevokeTokens();
        host.Faults.EnqueueToken(LocalCaptchEtatFault.Status(401));

        using var created = await host.Client.CreateCaptchaAsync("password-recovery");

        await AssertUnavailableAsync(created);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    [InlineData(400)]
    public async Task Api_ErrorStatus_CreateAndStepFailClosed(int status)
    {
        host.Faults.EnqueueApi(LocalCaptchEtatFault.Status(status));
        using var created = await host.Client.CreateCaptchaAsync("password-recovery");
        var (id, text) = await SolveAsync("password-recovery");
        host.Faults.EnqueueApi(LocalCaptchEtatFault.Status(status));

        using var step = await PostAsync("password-recovery", id, text);

        await AssertUnavailableAsync(created);
        await AssertUnavailableAsync(step);
    }

    [Fact]
    public async Task Api_SlowerThanTheTimeout_FailsClosed()
    {
        host.Faults.EnqueueApi(LocalCaptchEtatFault.Delay(TimeSpan.FromSeconds(8)));
        using var created = await host.Client.CreateCaptchaAsync("password-recovery");
        var (id, text) = await SolveAsync("password-recovery");
        host.Faults.EnqueueApi(LocalCaptchEtatFault.Delay(TimeSpan.FromSeconds(8)));

        using var step = await PostAsync("password-recovery", id, text);

        await AssertUnavailableAsync(created);
        await AssertUnavailableAsync(step);
    }

    [Fact]
    public async Task Api_ConnectionDropped_FailsClosed()
    {
        host.Faults.EnqueueApi(LocalCaptchEtatFault.Drop());

        using var created = await host.Client.CreateCaptchaAsync("password-recovery");

        await AssertUnavailableAsync(created);
    }

    [Fact]
    public async Task Api_UndocumentedAnswer_CreateStepAndAudioFailClosed()
    {
        host.Faults.EnqueueApi(LocalCaptchEtatFault.Garble());
        using var created = await host.Client.CreateCaptchaAsync("password-recovery");
        using var fresh = await host.Client.CreateCaptchaAsync("password-recovery");
        var body = await fresh.JsonAsync();
        host.Faults.EnqueueApi(LocalCaptchEtatFault.Garble());
        using var audio = await host.Client.GetAsync(body.GetProperty("audioUrl").GetString()!);
        host.Faults.EnqueueApi(LocalCaptchEtatFault.Garble());

        using var step = await PostAsync("password-recovery", body.GetProperty("captchaId").GetString()!, host.Service.LastText!);

        await AssertUnavailableAsync(created);
        await AssertUnavailableAsync(audio);
        await AssertUnavailableAsync(step);
    }

    [Fact]
    public async Task Identify_ServiceDown_SameRefusalForAKnownAndAnUnknownAddress()
    {
        var known = Journeys.NewEmail("connu");
        var (id, text) = await SolveAsync("registration");
        using (var registered = await host.Client.PostJsonAsync("/api/accounts", CaptchaSteps.WithCaptcha(Journeys.RegistrationBody(known), id, text)))
        {
            Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);
        }

        var (knownId, knownText) = await SolveAsync("password-recovery");
        var (unknownId, unknownText) = await SolveAsync("password-recovery");
        host.Faults.Always(LocalCaptchEtatFault.Status(503));

        using var forKnown = await host.Client.PostJsonAsync("/api/password-recovery", new { email = known, captchaId = knownId, captchaText = knownText });
        using var forUnknown = await host.Client.PostJsonAsync("/api/password-recovery", new { email = Journeys.NewEmail("inconnu"), captchaId = unknownId, captchaText = unknownText });

        await AssertUnavailableAsync(forKnown);
        Assert.Equal(forKnown.StatusCode, forUnknown.StatusCode);
        Assert.Equal(forKnown.Headers.RetryAfter?.ToString(), forUnknown.Headers.RetryAfter?.ToString());
        Assert.Equal(await Journeys.BodyWithoutTraceIdAsync(forKnown), await Journeys.BodyWithoutTraceIdAsync(forUnknown));
    }

    [Fact]
    public async Task Failure_Counted_ByOperationAndReason()
    {
        var recorded = new List<(string Operation, string Reason)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == RecoveryMetrics.CaptchEtatFailed)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var all = tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString());
            lock (recorded)
            {
                recorded.Add((all["operation"]!, all["reason"]!));
            }
        });
        listener.Start();
        host.Faults.EnqueueApi(LocalCaptchEtatFault.Status(502));

        using var created = await host.Client.CreateCaptchaAsync("password-recovery");

        await AssertUnavailableAsync(created);
        lock (recorded)
        {
            Assert.Contains(("image", "ServerError"), recorded);
        }
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("captcha-unavailable", await response.ProblemCodeAsync());
        Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);
    }

    private async Task<(string Id, string Text)> SolveAsync(string purpose)
    {
        using var created = await host.Client.CreateCaptchaAsync(purpose);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return ((await created.JsonAsync()).GetProperty("captchaId").GetString()!, host.Service.LastText!);
    }

    private Task<HttpResponseMessage> PostAsync(string step, string captchaId, string captchaText) => host.Client.PostCaptchaStepAsync(step, captchaId, captchaText);
}
