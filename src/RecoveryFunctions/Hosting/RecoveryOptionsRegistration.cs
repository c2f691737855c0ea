using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Http;
using RecoveryFunctions.Infrastructure.Cache;
using RecoveryFunctions.Infrastructure.Captcha.CaptchEtat;
using RecoveryFunctions.Infrastructure.Email;
using RecoveryFunctions.Infrastructure.FranceConnect;
using RecoveryFunctions.Infrastructure.Secrets;
using RecoveryFunctions.Infrastructure.Storage;

namespace RecoveryFunctions.Hosting;

/// <summary>
/// Binds every options section and registers the validator beside its class (<see cref="OptionsValidator{TOptions}"/>),
/// run at start-up: a wrong setting stops the app with the key's name. Each class lives with its reader: domain policy
/// in Core, adapter settings beside the adapter in Infrastructure, hosting concerns (timer schedules, client address)
/// here; two classes may bind one section, each with its own keys (docs/operations/settings.md).
/// </summary>
internal static class RecoveryOptionsRegistration
{
    public static void AddRecoveryOptions(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        // Core: domain policy.
        Bind(services, configuration, RecoveryOptions.SectionName, new RecoveryOptionsValidator());
        Bind(services, configuration, ServiceOptions.SectionName, new ServiceOptionsValidator());
        Bind(services, configuration, EmailOptions.SectionName, new EmailOptionsValidator());
        Bind(services, configuration, CaptchaOptions.SectionName, new CaptchaOptionsValidator(environment.EnvironmentName));
        Bind(services, configuration, PasswordOptions.SectionName, new PasswordOptionsValidator());
        Bind(services, configuration, ThrottleOptions.SectionName, new ThrottleOptionsValidator());
        Bind(services, configuration, CleanupOptions.SectionName, new CleanupOptionsValidator());
        Bind(services, configuration, AssistanceOptions.SectionName, new AssistanceOptionsValidator(environment.IsDevelopment()));
        Bind(services, configuration, PasskeyOptions.SectionName, new PasskeyOptionsValidator());

        // Infrastructure: the adapters' settings.
        Bind(services, configuration, AcsEmailOptions.SectionName, new AcsEmailOptionsValidator());
        Bind(services, configuration, SecretsOptions.SectionName, new SecretsOptionsValidator());
        Bind(services, configuration, ThrottleStoreOptions.SectionName, new ThrottleStoreOptionsValidator());
        services.AddOptions<CaptchEtatOptions>().Bind(configuration.GetSection(CaptchEtatOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CaptchEtatOptions>, CaptchEtatOptionsValidator>(
            sp => new CaptchEtatOptionsValidator(CaptchEtatOptionsValidator.Bound(sp), environment.EnvironmentName)));
        Bind(services, configuration, FranceConnectOptions.SectionName, new FranceConnectOptionsValidator(environment.EnvironmentName));

        // The function app: hosting concerns. The timer triggers read their schedules from configuration (%Cleanup:Schedule%);
        // they are checked here so that a wrong one stops the start like any other setting.
        Bind(services, configuration, CleanupScheduleOptions.SectionName, new CleanupScheduleOptionsValidator());
        Bind(services, configuration, PoisonReplayScheduleOptions.SectionName, new PoisonReplayScheduleOptionsValidator());
        Bind(services, configuration, ClientAddressOptions.SectionName, new ClientAddressOptionsValidator());

        services.AddOptions<StorageOptions>()
            .Configure(o =>
            {
                // Mirrors the Functions host: AzureWebJobsStorage is either a connection string or a section with accountName.
                o.ConnectionString = configuration[StorageOptions.ConnectionStringKey];
                o.AccountName = configuration[StorageOptions.AccountNameKey];
                o.ManagedIdentityClientId = configuration["AzureWebJobsStorage:clientId"];
                configuration.GetSection("Storage").Bind(o);

                // The accounts a table family is placed on are named like AzureWebJobsStorage (Storage:Accounts).
                foreach (var name in o.Accounts.Keys.SelectMany(o.ConnectionNamesOf).Where(n => n != StorageOptions.ConnectionStringKey))
                {
                    o.Connections[name] = new StorageConnection(configuration[name], configuration[$"{name}:accountName"]);
                }
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
