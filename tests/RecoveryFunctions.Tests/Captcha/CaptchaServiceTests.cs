using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Captcha;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;
using RecoveryFunctions.Tests.Support;

namespace RecoveryFunctions.Tests.Captcha;

/// <summary>The image captcha against the real token store on Azurite: single use, hashed, expiring.</summary>
public sealed class CaptchaServiceTests(ServiceGraphFixture graph) : IClassFixture<ServiceGraphFixture>
{
    [Fact]
    public async Task Verify_RightAnswerOnce_TrueThenFalse()
    {
        var (service, renderer) = Create();
        var challenge = await service.CreateAsync(CaptchaPurpose.PasswordRecovery, "203.0.113.1");

        Assert.True(await service.VerifyAsync(CaptchaPurpose.PasswordRecovery, challenge.CaptchaId, renderer.LastText.ToLowerInvariant()));
        Assert.False(await service.VerifyAsync(CaptchaPurpose.PasswordRecovery, challenge.CaptchaId, renderer.LastText));
    }

    [Theory]
    [InlineData(CaptchaPurpose.Registration)]
    [InlineData(CaptchaPurpose.UsernameRecovery)]
    public async Task Verify_RightAnswerForAnotherStep_FalseAndConsumed(CaptchaPurpose other)
    {
        var (service, renderer) = Create();
        var challenge = await service.CreateAsync(CaptchaPurpose.PasswordRecovery, "203.0.113.4");

        Assert.False(await service.VerifyAsync(other, challenge.CaptchaId, renderer.LastText));
        Assert.False(await service.VerifyAsync(CaptchaPurpose.PasswordRecovery, challenge.CaptchaId, renderer.LastText));
    }

    [Fact]
    public async Task Verify_WrongAnswer_ConsumesTheChallenge()
    {
        var (service, renderer) = Create();
        var challenge = await service.CreateAsync(CaptchaPurpose.PasswordRecovery, "203.0.113.2");

        Assert.False(await service.VerifyAsync(CaptchaPurpose.PasswordRecovery, challenge.CaptchaId, "AAAAAA"));
        Assert.False(await service.VerifyAsync(CaptchaPurpose.PasswordRecovery, challenge.CaptchaId, renderer.LastText));
    }

    [Fact]
    public async Task Verify_AfterFiveMinutes_False()
    {
        var (service, renderer) = Create();
        var challenge = await service.CreateAsync(CaptchaPurpose.PasswordRecovery, "203.0.113.3");
        graph.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        try
        {
            Assert.False(await service.VerifyAsync(CaptchaPurpose.PasswordRecovery, challenge.CaptchaId, renderer.LastText));
        }
        finally
        {
            graph.Time.Advance(-(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1)));
        }
    }

    [Fact]
    public async Task Create_SixtyFirstFromOneIp_RateLimited()
    {
        var (service, _) = Create();
        for (var i = 0; i < 60; i++)
        {
            await service.CreateAsync(CaptchaPurpose.PasswordRecovery, "203.0.113.60");
        }

        var refused = await Assert.ThrowsAsync<RecoveryFunctions.Core.Errors.DomainException>(() => service.CreateAsync(CaptchaPurpose.PasswordRecovery, "203.0.113.60"));
        Assert.Equal("rate-limited", refused.Code);
    }

    private (CaptchaService Service, RecordingCaptchaRenderer Renderer) Create()
    {
        var renderer = new RecordingCaptchaRenderer();
        var sp = graph.Services;
        var service = new CaptchaService(
            sp.GetRequiredService<ITokenStore>(),
            sp.GetRequiredService<ITokenKeyProvider>(),
            renderer,
            sp.GetRequiredService<IThrottleStore>(),
            Options.Create(new CaptchaOptions { Mode = CaptchaMode.Image }),
            sp.GetRequiredService<IOptions<ThrottleOptions>>(),
            graph.Time,
            sp.GetRequiredService<RecoveryMetrics>());
        return (service, renderer);
    }
}
