using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Http;

namespace RecoveryFunctions.Hosting;

/// <summary>
/// Binds every options section and registers the validator beside its class (<see cref="OptionsValidator{TOptions}"/>),
/// run at start-up: a wrong setting stops the app with the key's name.
/// </summary>
internal static class RecoveryOptionsRegistration
{
    public static void AddRecoveryOptions(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        Bind(services, configuration, RecoveryOptions.SectionName, new RecoveryOptionsValidator());
        Bind(services, configuration, EmailOptions.SectionName, new EmailOptionsValidator());
        Bind(services, configuration, SecretsOptions.SectionName, new SecretsOptionsValidator());
        Bind(services, configuration, CaptchaOptions.SectionName, new CaptchaOptionsValidator(environment.EnvironmentName));
        Bind(services, configuration, PasswordOptions.SectionName, new PasswordOptionsValidator());
        Bind(services, configuration, ThrottleOptions.SectionName, new ThrottleOptionsValidator());
        Bind(services, configuration, CleanupOptions.SectionName, new CleanupOptionsValidator());
        Bind(services, configuration, AssistanceOptions.SectionName, new AssistanceOptionsValidator(environment.IsDevelopment()));
        Bind(services, configuration, ClientAddressOptions.SectionName, new ClientAddressOptionsValidator());

        services.AddOptions<StorageOptions>()
            .Configure(o =>
            {
                // Mirrors the Functions host: AzureWebJobsStorage is either a connection string or a section with accountName.
                o.ConnectionString = configuration[StorageOptions.ConnectionStringKey];
                o.AccountName = configuration[StorageOptions.AccountNameKey];
                o.ManagedIdentityClientId = configuration["AzureWebJobsStorage:clientId"];
                configuration.GetSection("Storage").Bind(o);
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>>(new StorageOptionsValidator());
    }

    private static void Bind<T>(IServiceCollection services, IConfiguration configuration, string section, IValidateOptions<T> validator)
        where T : class
    {
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton(validator));
    }
}
