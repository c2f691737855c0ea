using Microsoft.Extensions.Options;
using RecoveryFunctions.Infrastructure.Secrets;

namespace RecoveryFunctions.Tests.Secrets;

public sealed class ConfigurationSecretSourceTests
{
    [Fact]
    public async Task GetSecretAsync_EmptyPlaceholder_ReturnsNull()
    {
        var options = new SecretsOptions();
        options.Values["acs-access-key"] = string.Empty;
        var source = new ConfigurationSecretSource(new StaticOptionsMonitor(options));

        Assert.Null(await source.GetSecretAsync("acs-access-key"));
    }

    private sealed class StaticOptionsMonitor(SecretsOptions value) : IOptionsMonitor<SecretsOptions>
    {
        public SecretsOptions CurrentValue => value;

        public SecretsOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<SecretsOptions, string?> listener) => null;
    }
}
