using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.Core.Captcha;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Tests.Support;

namespace RecoveryFunctions.Tests.EndToEnd;

/// <summary>The host with the real image captcha, whose drawn text the test reads from the renderer.</summary>
public sealed class ImageCaptchaFixture : LocalHostFixture
{
    public RecordingCaptchaRenderer Renderer { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?> { ["Captcha:Mode"] = "Image" };

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ICaptchaImageRenderer>(Renderer);
}

/// <summary>A captcha solved for one step (SPEC §4: bound to the step it was issued for) fails at every other, over HTTP.</summary>
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

    private async Task<(string Id, string Text)> SolveAsync(string purpose)
    {
        using var created = await host.Client.CreateCaptchaAsync(purpose);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return ((await created.JsonAsync()).GetProperty("captchaId").GetString()!, host.Renderer.LastText);
    }

    private Task<HttpResponseMessage> PostAsync(string step, string captchaId, string captchaText) => step switch
    {
        "registration" => host.Client.PostJsonAsync("/api/accounts", WithCaptcha(Journeys.RegistrationBody(Journeys.NewEmail("etape")), captchaId, captchaText)),
        "password-recovery" => host.Client.PostJsonAsync("/api/password-recovery", new { email = Journeys.NewEmail("etape"), captchaId, captchaText }),
        "username-recovery" => host.Client.PostJsonAsync("/api/username-recovery", new { subscriberNumber = SubscriberNumber.Generate(), captchaId, captchaText }),
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    private static Dictionary<string, object?> WithCaptcha(object body, string captchaId, string captchaText)
    {
        var fields = System.Text.Json.JsonSerializer.SerializeToElement(body).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        fields["captchaId"] = captchaId;
        fields["captchaText"] = captchaText;
        return fields;
    }
}
