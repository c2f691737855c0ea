using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Secrets;
using RecoveryFunctions.Infrastructure.Secrets;

namespace RecoveryFunctions.Tests.Secrets;

public sealed class SecretSourceRegistrationTests
{
    [Fact]
    public async Task AddSecretSource_ConfigurationSource_ReadsSecretsValues()
    {
        using var provider = Build(options => options.Values["token-hmac-current"] = "configured-key");

        var source = provider.GetRequiredService<ISecretSource>();

        Assert.IsType<ConfigurationSecretSource>(source);
        Assert.Equal("configured-key", await source.GetSecretAsync(SecretNames.TokenKeyCurrent));
        Assert.Null(await source.GetSecretAsync(SecretNames.TokenKeyPrevious));
    }

    [Fact]
    public void AddSecretSource_KeyVaultSource_IsCachedKeyVault()
    {
        using var provider = Build(options =>
        {
            options.Source = SecretSourceKind.KeyVault;
            options.KeyVaultUri = new Uri("https://kv-test.vault.azure.net/");
            options.ManagedIdentityClientId = "00000000-0000-0000-0000-000000000001";
        });

        Assert.IsType<CachingSecretSource>(provider.GetRequiredService<ISecretSource>());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("http://kv-test.vault.azure.net/")]
    public void AddSecretSource_KeyVaultWithoutHttpsUri_FailsNamingTheKey(string? uri)
    {
        using var provider = Build(options =>
        {
            options.Source = SecretSourceKind.KeyVault;
            options.KeyVaultUri = uri is null ? null : new Uri(uri);
        });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SecretsOptions>>().Value);

        Assert.Contains("Secrets:KeyVaultUri", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSecretSource_NonPositiveRefreshInterval_FailsNamingTheKey()
    {
        using var provider = Build(options => options.RefreshInterval = TimeSpan.Zero);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SecretsOptions>>().Value);

        Assert.Contains("Secrets:RefreshInterval", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Action<SecretsOptions> configure)
    {
        var services = new ServiceCollection();
        services.Configure(configure);
        services.AddSecretSource();
        return services.BuildServiceProvider();
    }
}
