using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.AccountSpace;
using RecoveryFunctions.Core.Captcha;
using RecoveryFunctions.Core.Cleanup;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Notifications;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Passwords;
using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Core.Registration;
using RecoveryFunctions.Core.Secrets;
using RecoveryFunctions.Core.Sessions;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;
using RecoveryFunctions.Core.Username;
using RecoveryFunctions.Infrastructure.Captcha;
using RecoveryFunctions.Infrastructure.Email;
using RecoveryFunctions.Infrastructure.Secrets;
using RecoveryFunctions.Infrastructure.Storage;

namespace RecoveryFunctions.Hosting;

/// <summary>The one service graph, shared by the function app's Program.cs and the local host.</summary>
public static class RecoveryServiceCollectionExtensions
{
    public static IServiceCollection AddRecoveryServices(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);

        services.AddRecoveryOptions(configuration, environment);
        services.TryAddSingleton(TimeProvider.System);

        // Storage adapters (Azure Table Storage and Queue Storage through the real SDK clients).
        services.AddSingleton<StorageClients>();
        services.AddSingleton<TableNames>();
        services.AddSingleton<StorageProbe>();
        services.AddHostedService<StorageInitializer>();
        services.AddSingleton<IAccountStore, TableAccountStore>();
        services.AddSingleton<ITokenStore, TableTokenStore>();
        services.AddSingleton<IThrottleStore, TableThrottleStore>();
        services.AddSingleton<IEmailOutbox, StorageQueueEmailOutbox>();
        services.AddSingleton<IPendingAccountIndex, TablePendingAccountIndex>();
        services.AddSingleton<IExpiredRowSweeper, TableExpiredRowSweeper>();

        // Secrets and keys.
        services.AddSecretSource();
        services.AddSingleton<ITokenKeyProvider, SecretTokenKeyProvider>();

        // Email rendering and delivery.
        services.AddSingleton<IEmailRenderer, EmailRenderer>();
        services.AddSingleton<IEmailSender>(CreateEmailSender);
        services.AddSingleton<EmailDispatcher>();

        // Captcha.
        services.AddSingleton<ICaptchaImageRenderer, SkiaCaptchaImageRenderer>();
        services.AddSingleton<CaptchaService>();

        // Domain.
        services.AddSingleton<IPasswordHasher, Argon2idPasswordHasher>();
        services.AddSingleton<PasswordPolicy>();
        services.AddSingleton<PasswordHistory>();
        services.AddSingleton<CredentialValidator>();
        services.AddSingleton<Notifier>();
        services.AddSingleton<OneTimeTokens>();
        services.AddSingleton<AccountUpdater>();
        services.AddSingleton<RegistrationService>();
        services.AddSingleton<ActivationService>();
        services.AddSingleton<SignInService>();
        services.AddSingleton<SessionService>();
        services.AddSingleton<SignInFailureRecorder>();
        services.AddSingleton<AccountSpaceGuard>();
        services.AddSingleton<AccountSpaceService>();
        services.AddSingleton<EmailChangeService>();
        services.AddSingleton<UsernameRecoveryService>();
        services.AddSingleton<PasswordChanger>();

        // Forgotten password (SPEC §2.3).
        services.AddSingleton<RecoveryFlows>();
        services.AddSingleton<RecoveryMarkers>();
        services.AddSingleton<RecoveryIdentification>();
        services.AddSingleton<MailboxVerification>();
        services.AddSingleton<SecurityAnswerCheck>();
        services.AddSingleton<PasswordReset>();

        // Scheduled cleanup (SPEC §2.6).
        services.AddSingleton<CleanupService>();
        return services;
    }

    private static AcsEmailClient CreateEmailSender(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<EmailOptions>>().Value;
        var credential = options.Authentication == EmailAuthentication.ManagedIdentity
            ? new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ManagedIdentityClientId })
            : null;
        return new AcsEmailClient(options, services.GetRequiredService<ISecretSource>(), credential, services.GetRequiredService<TimeProvider>(), logger: services.GetRequiredService<ILogger<AcsEmailClient>>());
    }
}
