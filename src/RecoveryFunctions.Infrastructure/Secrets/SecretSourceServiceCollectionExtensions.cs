using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Secrets;

namespace RecoveryFunctions.Infrastructure.Secrets;

public static class SecretSourceServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ISecretSource"/> (configuration or cached Key Vault, per <c>Secrets:Source</c>)
    /// and validates <see cref="SecretsOptions"/> at start. The caller binds the <c>Secrets</c> section
    /// (e.g. <c>services.AddOptions&lt;SecretsOptions&gt;().Bind(configuration.GetSection(SecretsOptions.SectionName))</c>).
    /// </summary>
    public static IServiceCollection AddSecretSource(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<SecretsOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SecretsOptions>, SecretsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISecretSource>(SecretSourceFactory.Create);
        return services;
    }
}
