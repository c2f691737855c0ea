using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Hosting;
using RecoveryFunctions.Infrastructure.Captcha.CaptchEtat;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Configuration;

/// <summary>A wrong time zone, extension ceiling or captcha setting stops the app at start, with a message naming the key.</summary>
public sealed class RecoveryOptionsValidationTests
{
    [Theory]
    [InlineData("Recovery:TimeZone", "Mars/Olympus_Mons", "Recovery:TimeZone")]
    [InlineData("Recovery:TimeZone", "", "TimeZone")]
    [InlineData("Recovery:RecoveryFlowMaxLifetime", "00:10:00", "Recovery:RecoveryFlowMaxLifetime")]
    [InlineData("Recovery:SessionMaxLifetime", "00:20:00", "Recovery:SessionMaxLifetime")]
    public void Start_WrongSetting_FailsNamingTheKey(string key, string value, string named)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => ValidateAtStart(new() { [key] = value }));

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    /// <summary>ASVS 5.0 6.5.5: under the ASVS profile an emailed code or link lives 10 minutes at most.</summary>
    [Theory]
    [InlineData("Recovery:RecoveryLinkLifetime")]
    [InlineData("Recovery:EmailChangeLinkLifetime")]
    public void Start_AsvsWithAnEmailedCodeLongerThanTenMinutes_FailsNamingTheKey(string key)
    {
        var settings = new Dictionary<string, string?>(StandardsProfiles.Asvs) { [key] = "00:10:01" };

        var failure = Assert.Throws<OptionsValidationException>(() => ValidateAtStart(settings));

        Assert.Contains(key, failure.Message, StringComparison.Ordinal);
        ValidateAtStart(new Dictionary<string, string?>(StandardsProfiles.Asvs));
        ValidateAtStart(new() { ["Recovery:Profile"] = "Seed", [key] = "00:30:00" });
    }

    [Theory]
    [InlineData("Europe/Paris")]
    [InlineData("America/Cayenne")]
    [InlineData("Indian/Reunion")]
    public void Start_KnownTimeZone_Starts(string zone)
    {
        ValidateAtStart(new() { ["Recovery:TimeZone"] = zone });
    }

    [Theory]
    [InlineData("Captcha:Provider", "Image+Bogus", "Captcha:Provider")]
    [InlineData("Captcha:Provider", "Image+Image", "Captcha:Provider")]
    [InlineData("Captcha:Provider", "", "Captcha:Provider")]
    [InlineData("Captcha:Provider", "image", "Captcha:Provider")]
    [InlineData("Captcha:ProofOfWork:MaxNumber", "10", "Captcha:ProofOfWork:MaxNumber")]
    [InlineData("Captcha:Length", "11", "Captcha:Length")]
    [InlineData("Captcha:Provider", "Image+CaptchEtat", "Captcha:Provider")]
    public void Start_WrongCaptchaSetting_FailsNamingTheKey(string key, string value, string named)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => ValidateAtStart(new() { [key] = value }, [typeof(CaptchaOptions)]));

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Captcha:CaptchEtat:ClientId", "", "Development", "Captcha:CaptchEtat:ClientId")]
    [InlineData("Captcha:CaptchEtat:Style", "captchaDE", "Development", "Captcha:CaptchEtat:Style")]
    [InlineData("Captcha:CaptchEtat:Timeout", "00:02:00", "Development", "Captcha:CaptchEtat:Timeout")]
    [InlineData("Captcha:CaptchEtat:TokenUrl", "not a url", "Development", "Captcha:CaptchEtat:TokenUrl")]
    [InlineData("Captcha:CaptchEtat:ApiBaseUrl", "http://127.0.0.1:7071/piste-api/piste/captchetat/v2", "Production", "Captcha:CaptchEtat:ApiBaseUrl")]
    [InlineData("Captcha:CaptchEtat:Environment", "7", "Development", "Captcha:CaptchEtat:Environment")]
    public void Start_WrongCaptchEtatSetting_FailsNamingTheKey(string key, string value, string environment, string named)
    {
        var settings = new Dictionary<string, string?> { ["Captcha:Provider"] = "CaptchEtat", ["Captcha:CaptchEtat:ClientId"] = "app-client-id", [key] = value };

        var failure = Assert.Throws<OptionsValidationException>(() => ValidateAtStart(settings, typeof(CaptchEtatOptions), environment));

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_CaptchEtatUnused_ItsSettingsNotRequired()
    {
        ValidateAtStart(new() { ["Captcha:Provider"] = "Image", ["Captcha:CaptchEtat:ClientId"] = "" }, [typeof(CaptchaOptions), typeof(CaptchEtatOptions)], Environments.Production);
    }

    [Theory]
    [InlineData("Image")]
    [InlineData("ProofOfWork")]
    [InlineData("Image+ProofOfWork")]
    [InlineData("ProofOfWork + Image")]
    [InlineData("CaptchEtat")]
    [InlineData("CaptchEtat+ProofOfWork")]
    public void Start_KnownCaptchaProviders_Starts(string providers)
    {
        ValidateAtStart(new() { ["Captcha:Provider"] = providers, ["Captcha:CaptchEtat:ClientId"] = "app-client-id" }, [typeof(CaptchaOptions), typeof(CaptchEtatOptions)], Environments.Production);
    }

    /// <summary>The sections' validation, which ValidateOnStart runs before the host serves anything (Recovery when none is named).</summary>
    private static void ValidateAtStart(Dictionary<string, string?> settings, Type[]? sections = null, string environment = "Development")
    {
        settings["Recovery:FrontEndBaseUrl"] = "https://espace.example.fr";
        settings["Recovery:AssistanceUrl"] = "https://espace.example.fr/assistance";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddRecoveryOptions(configuration, new TestHostEnvironment(environment));
        using var provider = services.BuildServiceProvider();

        foreach (var section in sections ?? [typeof(RecoveryOptions)])
        {
            _ = ((IOptions<object>)provider.GetRequiredService(typeof(IOptions<>).MakeGenericType(section))).Value;
        }
    }

    private static void ValidateAtStart(Dictionary<string, string?> settings, Type section, string environment = "Development")
        => ValidateAtStart(settings, [section], environment);
}
