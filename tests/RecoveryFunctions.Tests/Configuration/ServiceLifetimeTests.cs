using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Core.Secrets;
using RecoveryFunctions.Core.Tokens;
using RecoveryFunctions.Hosting;

namespace RecoveryFunctions.Tests.Configuration;

/// <summary>
/// The graph's two lifetimes (docs/architecture/request-scope.md): the key ring and what hashes with it per
/// invocation, the rest shared; in Development a singleton that captures a per-invocation service stops the app at build.
/// </summary>
public sealed class ServiceLifetimeTests
{
    [Fact]
    public void AddRecoveryServices_KeysPerRequestDecodedKeysShared()
    {
        var services = new ServiceCollection().AddRecoveryServices(new ConfigurationBuilder().Build(), new TestSupport.TestHostEnvironment());

        Assert.Equal(ServiceLifetime.Scoped, Lifetime<ITokenKeyProvider>(services));
        Assert.Equal(ServiceLifetime.Scoped, Lifetime<RecoveryFlows>(services));
        Assert.Equal(ServiceLifetime.Singleton, Lifetime<SecretTokenKeyProvider>(services));
        Assert.Equal(ServiceLifetime.Singleton, Lifetime<ISecretSource>(services));
    }

    [Theory]
    [InlineData("Development", true)]
    [InlineData("Production", false)]
    public void Build_SingletonCapturingTheRequestKeys_RefusedInDevelopment(string environment, bool refused)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment });
        builder.Services.AddRecoveryServices(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton<Captor>();
        builder.ValidateLifetimesInDevelopment();

        var error = Record.Exception(() => builder.Build().Dispose());

        Assert.Equal(refused, error is not null);
        if (refused)
        {
            Assert.Contains($"Cannot consume scoped service '{typeof(ITokenKeyProvider).FullName}' from singleton", error!.ToString(), StringComparison.Ordinal);
            Assert.Contains(nameof(Captor), error.ToString(), StringComparison.Ordinal);
        }
    }

    private static ServiceLifetime Lifetime<T>(IServiceCollection services) => services.Last(d => d.ServiceType == typeof(T)).Lifetime;

    /// <summary>A singleton holding a request's keys: it would hash every later request under the first one's ring.</summary>
    private sealed class Captor(ITokenKeyProvider keys)
    {
        public ITokenKeyProvider Keys => keys;
    }
}
