using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NCrontab;
using RecoveryFunctions.Core.Dates;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Http;

namespace RecoveryFunctions.Hosting;

/// <summary>Binds and validates every options section at start-up: a wrong setting stops the app with the key's name.</summary>
internal static class RecoveryOptionsRegistration
{
    public static void AddRecoveryOptions(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        Bind<RecoveryOptions>(services, configuration, RecoveryOptions.SectionName)
            .Validate(o => ReadableDates.TryFindZone(o.TimeZone, out _),
                $"{RecoveryOptions.SectionName}:TimeZone is not a time zone this system knows; use an IANA id such as 'Europe/Paris'.")
            .Validate(o => o.RecoveryFlowMaxLifetime >= o.RecoveryFlowLifetime,
                $"{RecoveryOptions.SectionName}:RecoveryFlowMaxLifetime must be at least {RecoveryOptions.SectionName}:RecoveryFlowLifetime.")
            .Validate(o => o.SessionMaxLifetime >= o.SessionLifetime,
                $"{RecoveryOptions.SectionName}:SessionMaxLifetime must be at least {RecoveryOptions.SectionName}:SessionLifetime.");
        Bind<EmailOptions>(services, configuration, EmailOptions.SectionName)
            .Validate(o => CrontabSchedule.TryParse(o.PoisonReplaySchedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true }) is not null,
                $"{EmailOptions.SectionName}:PoisonReplaySchedule must be an NCRONTAB expression with six fields (seconds first).")
            .Validate(o => o.StatusReadsPerHour >= o.StatusReadsPerMinute,
                $"{EmailOptions.SectionName}:StatusReadsPerHour must be at least {EmailOptions.SectionName}:StatusReadsPerMinute.");
        Bind<SecretsOptions>(services, configuration, SecretsOptions.SectionName);
        Bind<CaptchaOptions>(services, configuration, CaptchaOptions.SectionName)
            .Validate(o => o.Mode != CaptchaMode.AlwaysPass || environment.IsDevelopment(),
                $"{CaptchaOptions.SectionName}:Mode=AlwaysPass is allowed only in the Development environment (current: '{environment.EnvironmentName}').")
            .Validate(o => o.Providers is not null,
                $"{CaptchaOptions.SectionName}:Provider must name one or more of {string.Join(", ", Enum.GetNames<CaptchaProviderKind>())} joined by '+', each once, Image and CaptchEtat never together (e.g. 'Image+ProofOfWork', 'CaptchEtat+ProofOfWork').")
            .Validate(o => o.Length is >= CaptchaOptions.MinLength and <= CaptchaOptions.MaxLength,
                $"{CaptchaOptions.SectionName}:Length must be between {CaptchaOptions.MinLength} and {CaptchaOptions.MaxLength}.")
            .Validate(o => o.ProofOfWork.MaxNumber is >= ProofOfWorkCaptchaOptions.MinMaxNumber and <= ProofOfWorkCaptchaOptions.MaxMaxNumber,
                $"{CaptchaOptions.SectionName}:ProofOfWork:MaxNumber must be between {ProofOfWorkCaptchaOptions.MinMaxNumber} and {ProofOfWorkCaptchaOptions.MaxMaxNumber}.");
        services.AddSingleton<IValidateOptions<CaptchaOptions>>(new CaptchEtatOptionsValidator(environment.IsDevelopment()));
        Bind<PasswordOptions>(services, configuration, PasswordOptions.SectionName);
        Bind<ThrottleOptions>(services, configuration, ThrottleOptions.SectionName);
        Bind<CleanupOptions>(services, configuration, CleanupOptions.SectionName)
            .Validate(o => CrontabSchedule.TryParse(o.Schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true }) is not null,
                $"{CleanupOptions.SectionName}:Schedule must be an NCRONTAB expression with six fields (seconds first), e.g. '0 */10 * * * *'.");
        Bind<AssistanceOptions>(services, configuration, AssistanceOptions.SectionName);
        services.AddSingleton<IValidateOptions<AssistanceOptions>>(new AssistanceOptionsValidator(environment.IsDevelopment()));
        Bind<ClientAddressOptions>(services, configuration, ClientAddressOptions.SectionName);
        services.AddSingleton<IValidateOptions<ClientAddressOptions>, ClientAddressOptionsValidator>();

        services.AddOptions<StorageOptions>()
            .Configure(o =>
            {
                // Mirrors the Functions host: AzureWebJobsStorage is either a connection string or a section with accountName.
                o.ConnectionString = configuration[StorageOptions.ConnectionStringKey];
                o.AccountName = configuration[StorageOptions.AccountNameKey];
                o.ManagedIdentityClientId = configuration["AzureWebJobsStorage:clientId"];
                configuration.GetSection("Storage").Bind(o);
            })
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString) || !string.IsNullOrWhiteSpace(o.AccountName),
                $"Storage is not configured: set '{StorageOptions.ConnectionStringKey}' or '{StorageOptions.AccountNameKey}'.")
            .Validate(o => System.Text.RegularExpressions.Regex.IsMatch(o.TablePrefix, "^[A-Za-z][A-Za-z0-9]{0,40}$"),
                "Storage:TablePrefix must be letters and digits, starting with a letter.")
            .ValidateOnStart();
    }

    private static OptionsBuilder<T> Bind<T>(IServiceCollection services, IConfiguration configuration, string section)
        where T : class
        => services.AddOptions<T>()
            .Bind(configuration.GetSection(section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
}
