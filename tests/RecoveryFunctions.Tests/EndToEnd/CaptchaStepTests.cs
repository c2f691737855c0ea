using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Captcha;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.EndToEnd;

/// <summary>The host with the real image captcha, whose drawn text the test reads from the renderer.</summary>
public class ImageCaptchaFixture : LocalHostFixture
{
    public RecordingCaptchaRenderer Renderer { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?> { ["Captcha:Mode"] = "Image" };

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ICaptchaImageRenderer>(Renderer);
}

/// <summary>A captcha solved for one step (contract §4: bound to the step it was issued for) fails at every other, over HTTP.</summary>
public sealed class CaptchaStepTests(ImageCaptchaFixture host) : IClassFixture<ImageCaptchaFixture>
{
    [Theory]
    [InlineData("registration", "password-recovery")]
    [InlineData("registration", "username-recovery")]
    [InlineData("password-recovery", "username-recovery")]
    [InlineData("username-recovery", "registration")]
    public async Task Step_RightAnswerIssuedForAnotherStep_CaptchaInvalid(string issuedFor, string postedTo)
    {
        var (id, text) = await SolveAsync(issuedFor);

        using var response = await PostAsync(postedTo, id, text);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("captcha-invalid", await response.ProblemCodeAsync());
    }

    [Theory]
    [InlineData("registration")]
    [InlineData("password-recovery")]
    [InlineData("username-recovery")]
    public async Task Step_RightAnswerForItsOwnStep_Accepted(string step)
    {
        var (id, text) = await SolveAsync(step);

        using var response = await PostAsync(step, id, text);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Audio_BeforeAndAfterTheChallengeIsUsed_WavThenRefused()
    {
        using var created = await host.Client.CreateCaptchaAsync("password-recovery");
        var body = await created.JsonAsync();
        var (id, text) = (body.GetProperty("captchaId").GetString()!, host.Renderer.LastText);
        var audioUrl = body.GetProperty("audioUrl").GetString()!;

        using var audio = await host.Client.GetAsync(audioUrl);
        Assert.Equal(HttpStatusCode.OK, audio.StatusCode);
        Assert.Equal("audio/wav", audio.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", audio.Headers.CacheControl?.ToString());
        Assert.InRange(WavAssert.DurationOf(await audio.Content.ReadAsByteArrayAsync()), text.Length * 0.55, (text.Length * 1.55) + 1.1);

        using var step = await PostAsync("password-recovery", id, text);
        Assert.Equal(HttpStatusCode.Accepted, step.StatusCode);

        using var after = await host.Client.GetAsync(audioUrl);
        using var unknown = await host.Client.GetAsync("/api/captchas/never-issued/audio");
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        Assert.Equal("captcha-audio-unavailable", await after.ProblemCodeAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("captcha-audio-unavailable", await unknown.ProblemCodeAsync());
    }

    [Fact]
    public async Task Image2x_BeforeAndAfterTheChallengeIsUsed_PngWithoutSpendingItThenRefused()
    {
        using var created = await host.Client.CreateCaptchaAsync("password-recovery");
        var body = await created.JsonAsync();
        var (id, text) = (body.GetProperty("captchaId").GetString()!, host.Renderer.LastText);
        var imageUrl = body.GetProperty("image2x").GetString()!;

        using var image = await host.Client.GetAsync(imageUrl);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal(2, (await image.Content.ReadAsByteArrayAsync())[^1]); // the recording renderer's scale byte

        // Fetching the 2× image did not spend the challenge: its answer is still accepted, once.
        using var step = await PostAsync("password-recovery", id, text);
        Assert.Equal(HttpStatusCode.Accepted, step.StatusCode);

        using var after = await host.Client.GetAsync(imageUrl);
        using var unknown = await host.Client.GetAsync("/api/captchas/never-issued/image2x");
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        Assert.Equal("captcha-image-unavailable", await after.ProblemCodeAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("captcha-image-unavailable", await unknown.ProblemCodeAsync());
    }

    /// <summary>
    /// The sealed challenge over HTTP: an altered, truncated or oversized id is the usual captcha refusal (a 4xx problem
    /// with its code, never a 500) at the step and at its audio and image, and spends nothing: the id as issued still
    /// answers.
    /// </summary>
    [Fact]
    public async Task Step_ChallengeIdAltered_CaptchaProblemNever500()
    {
        var (id, text) = await SolveAsync("password-recovery");
        var envelope = System.Buffers.Text.Base64Url.DecodeFromChars(id);
        envelope[envelope.Length / 2] ^= 0x01;
        var altered = System.Buffers.Text.Base64Url.EncodeToString(envelope);

        foreach (var forged in new[] { altered, id[..^2], new string('A', 4000) })
        {
            using var step = await PostAsync("password-recovery", forged, text);
            Assert.Equal(HttpStatusCode.BadRequest, step.StatusCode);
            Assert.Equal("captcha-invalid", await step.ProblemCodeAsync());
        }

        using var audio = await host.Client.GetAsync($"/api/captchas/{altered}/audio");
        using var image = await host.Client.GetAsync($"/api/captchas/{altered}/image2x");
        Assert.Equal(HttpStatusCode.NotFound, audio.StatusCode);
        Assert.Equal("captcha-audio-unavailable", await audio.ProblemCodeAsync());
        Assert.Equal(HttpStatusCode.NotFound, image.StatusCode);
        Assert.Equal("captcha-image-unavailable", await image.ProblemCodeAsync());

        using var original = await PostAsync("password-recovery", id, text);
        Assert.Equal(HttpStatusCode.Accepted, original.StatusCode);
    }

    /// <summary>Single use under concurrency: twenty identify requests at once with one solved challenge, one accepted (Azurite's 409 on the marker).</summary>
    [Fact]
    public async Task Step_TwentyParallelIdentifiesWithOneSolvedChallenge_OneAccepted()
    {
        var (id, text) = await SolveAsync("password-recovery");

        await Races.ExactlyOneWinsAsync(20, _ => PostAsync("password-recovery", id, text), HttpStatusCode.Accepted, HttpStatusCode.BadRequest);
    }

    private async Task<(string Id, string Text)> SolveAsync(string purpose)
    {
        using var created = await host.Client.CreateCaptchaAsync(purpose);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return ((await created.JsonAsync()).GetProperty("captchaId").GetString()!, host.Renderer.LastText);
    }

    private Task<HttpResponseMessage> PostAsync(string step, string captchaId, string captchaText) => host.Client.PostCaptchaStepAsync(step, captchaId, captchaText);
}

/// <summary>Posting a solved captcha to the step it guards, with a fresh address or number each time.</summary>
internal static class CaptchaSteps
{
    public static Task<HttpResponseMessage> PostCaptchaStepAsync(this HttpClient client, string step, string captchaId, string captchaText) => step switch
    {
        "registration" => client.PostJsonAsync("/api/accounts", WithCaptcha(Journeys.RegistrationBody(Journeys.NewEmail("etape")), captchaId, captchaText)),
        "password-recovery" => client.PostJsonAsync("/api/password-recovery", new { email = Journeys.NewEmail("etape"), captchaId, captchaText }),
        "username-recovery" => client.PostJsonAsync("/api/username-recovery", new { subscriberNumber = SubscriberNumber.Generate(), captchaId, captchaText }),
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    /// <summary>A step body with the captcha fields set (or replaced).</summary>
    public static Dictionary<string, object?> WithCaptcha(object body, string captchaId, string captchaText)
    {
        var fields = System.Text.Json.JsonSerializer.SerializeToElement(body).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        fields["captchaId"] = captchaId;
        fields["captchaText"] = captchaText;
        return fields;
    }
}

/// <summary>The host requiring the image and a proof of work together (<c>Captcha:Provider=Image+ProofOfWork</c>).</summary>
public sealed class CombinedCaptchaFixture : LocalHostFixture
{
    public RecordingCaptchaRenderer Renderer { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>
    {
        ["Captcha:Mode"] = "Image",
        ["Captcha:Provider"] = "Image+ProofOfWork",
        ["Captcha:ProofOfWork:MaxNumber"] = "1000",
    };

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ICaptchaImageRenderer>(Renderer);
}

/// <summary>Both providers through the public steps over HTTP: both parts needed, once.</summary>
public sealed class CombinedCaptchaTests(CombinedCaptchaFixture host) : IClassFixture<CombinedCaptchaFixture>
{
    [Fact]
    public async Task Step_TextAndSolvedProof_AcceptedOnceThenRefused()
    {
        var (id, text, proof) = await CreateAsync();

        using var accepted = await PostAsync(id, text, proof);
        using var replayed = await PostAsync(id, text, proof);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        Assert.Equal("captcha-invalid", await replayed.ProblemCodeAsync());
    }

    [Fact]
    public async Task Step_TextWithoutProof_CaptchaInvalid()
    {
        var (id, text, _) = await CreateAsync();

        using var response = await PostAsync(id, text, null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("captcha-invalid", await response.ProblemCodeAsync());
    }

    private async Task<(string Id, string Text, string Proof)> CreateAsync()
    {
        using var created = await host.Client.CreateCaptchaAsync("username-recovery");
        var body = await created.JsonAsync();
        var pow = body.GetProperty("proofOfWork");
        var challenge = new AltchaChallenge(pow.GetProperty("algorithm").GetString()!, pow.GetProperty("challenge").GetString()!, pow.GetProperty("maxNumber").GetInt32(), pow.GetProperty("salt").GetString()!, pow.GetProperty("signature").GetString()!);
        Assert.Equal(1000, challenge.MaxNumber);
        return (body.GetProperty("captchaId").GetString()!, host.Renderer.LastText, AltchaSolver.Solve(challenge));
    }

    private Task<HttpResponseMessage> PostAsync(string captchaId, string captchaText, string? captchaProof) =>
        host.Client.PostJsonAsync("/api/username-recovery", new { subscriberNumber = SubscriberNumber.Generate(), captchaId, captchaText, captchaProof });
}
