using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Hosting;

namespace RecoveryFunctions.Tests.Assistance;

/// <summary>The production app can never be pointed at the development issuer or any plain-http or loopback metadata.</summary>
public sealed class AssistanceOptionsValidatorTests
{
    private const string Entra = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0/.well-known/openid-configuration";

    [Theory]
    [InlineData("http://127.0.0.1:7071/dev-issuer/.well-known/openid-configuration", false)]
    [InlineData("http://127.0.0.1:7071/dev-issuer/.well-known/openid-configuration", true)]
    [InlineData("https://localhost/dev-issuer/.well-known/openid-configuration", false)]
    [InlineData("https://127.0.0.1/.well-known/openid-configuration", false)]
    [InlineData("https://[::1]/.well-known/openid-configuration", false)]
    [InlineData("https://issuer.localhost/.well-known/openid-configuration", false)]
    [InlineData("http://login.microsoftonline.com/tenant/v2.0/.well-known/openid-configuration", false)]
    [InlineData(Entra, true)]
    public void Validate_OutsideDevelopment_RefusesInsecureMetadataOrDevelopmentIssuer(string metadataAddress, bool developmentIssuer)
    {
        var result = new AssistanceOptionsValidator(isDevelopment: false).Validate(null, Options(metadataAddress, developmentIssuer));

        Assert.True(result.Failed);
        Assert.Contains("Assistance:", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Entra, false, false)]
    [InlineData(Entra, false, true)]
    [InlineData("http://127.0.0.1:7071/dev-issuer/.well-known/openid-configuration", true, true)]
    public void Validate_AllowedCombinations_Succeed(string metadataAddress, bool developmentIssuer, bool isDevelopment)
    {
        Assert.True(new AssistanceOptionsValidator(isDevelopment).Validate(null, Options(metadataAddress, developmentIssuer)).Succeeded);
    }

    [Fact]
    public void Validate_DevelopmentWithoutFlag_RefusesHttp()
    {
        Assert.True(new AssistanceOptionsValidator(isDevelopment: true).Validate(null, Options("http://127.0.0.1:7071/dev-issuer/.well-known/openid-configuration", false)).Failed);
    }

    [Fact]
    public void Registration_ProductionWithLocalIssuer_FailsNamingTheKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Assistance:MetadataAddress"] = "http://127.0.0.1:7071/dev-issuer/.well-known/openid-configuration",
            ["Assistance:Audience"] = "api://recovery",
            ["Assistance:DevelopmentIssuer"] = "true",
        }).Build();
        var services = new ServiceCollection();
        services.AddRecoveryOptions(configuration, new ProductionEnvironment());
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AssistanceOptions>>().Value);
        Assert.Contains("Assistance:", failure.Message, StringComparison.Ordinal);
    }

    private static AssistanceOptions Options(string metadataAddress, bool developmentIssuer)
        => new() { MetadataAddress = metadataAddress, Audience = "api://recovery", DevelopmentIssuer = developmentIssuer };
}
