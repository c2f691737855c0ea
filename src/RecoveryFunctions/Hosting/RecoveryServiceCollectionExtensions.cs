using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using RecoveryFunctions.Assistance;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.AccountSpace;
using RecoveryFunctions.Core.Assistance;
using RecoveryFunctions.Core.Assistance.Requests;
using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Core.Captcha;
using RecoveryFunctions.Core.Cleanup;
using RecoveryFunctions.Core.Dates;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.FranceConnect;
using RecoveryFunctions.Core.Notifications;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Passkeys;
using RecoveryFunctions.Core.Passwords;
using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Core.RecoveryCodes;
using RecoveryFunctions.Core.Registration;
using RecoveryFunctions.Core.Secrets;
using RecoveryFunctions.Core.Sessions;
using RecoveryFunctions.Core.Summary;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;
using RecoveryFunctions.Core.Username;
using RecoveryFunctions.Infrastructure.Cache;
using RecoveryFunctions.Infrastructure.Captcha;
using RecoveryFunctions.Infrastructure.Captcha.CaptchEtat;
using RecoveryFunctions.Infrastructure.Email;
using RecoveryFunctions.Infrastructure.FranceConnect;
using RecoveryFunctions.Infrastructure.Health;
using RecoveryFunctions.Infrastructure.Passkeys;
using RecoveryFunctions.Infrastructure.Secrets;
using RecoveryFunctions.Infrastructure.Storage;
using RecoveryFunctions.Infrastructure.Summary;

namespace RecoveryFunctions.Hosting;

/// <summary>
/// The one service graph, shared by the function app's Program.cs and the local host. Two lifetimes
/// (docs/architecture/request-scope.md): a service that hashes with the token keys, or uses one that does, is scoped,
/// so the worker's per-invocation scope gives each request one key ring read once; the rest (clients, stores, caches,
/// gates, renderers, metrics, the secret source and the decoded keys) are singletons. Development and the test graphs
/// build it with <see cref="ValidatedLifetimes"/>, so a singleton that captures a scoped service fails at start.
/// </summary>
public static class RecoveryServiceCollectionExtensions
{
    /// <summary>Scope checks on resolution and a full check at build: what Development and the test graphs use.</summary>
    public static ServiceProviderOptions ValidatedLifetimes => new() { ValidateScopes = true, ValidateOnBuild = true };

    /// <summary>
    /// In Development, builds the container with <see cref="ValidatedLifetimes"/> (the generic host's own Development
    /// default, stated so that no builder can drop it): a singleton that captures a per-invocation service stops the app at start.
    /// </summary>
    public static void ValidateLifetimesInDevelopment(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Environment.IsDevelopment())
        {
            builder.ConfigureContainer(new DefaultServiceProviderFactory(ValidatedLifetimes));
        }
    }

    public static IServiceCollection AddRecoveryServices(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);

        services.AddRecoveryOptions(configuration, environment);
        services.TryAddSingleton(TimeProvider.System);
        services.AddRecoveryTelemetry(configuration);

        // Storage adapters (Azure Table Storage and Queue Storage through the real SDK clients).
        services.AddSingleton<StorageClients>();
        services.AddSingleton<TableNames>();
        services.AddSingleton<SystemHealth>();
        // The outbox key is read first at start-up: a missing or malformed one stops the app before storage is touched.
        services.AddSingleton<OutboxKeyProvider>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxKeyProvider>());
        services.AddHostedService<StorageInitializer>();
        services.AddSingleton<IAccountStore, TableAccountStore>();
        services.AddSingleton<ITokenStore, TableTokenStore>();
        services.AddSingleton<IRecoveryFlowStore, TableRecoveryFlowStore>();
        // Throttle counters: in the cache where one is deployed, else in the Throttles table (docs/decisions/0008-throttles-in-a-cache.md).
        services.AddSingleton<ThrottleCache>();
        services.AddHostedService(sp => sp.GetRequiredService<ThrottleCache>());
        services.AddScoped<TableThrottleStore>();
        services.AddScoped<RedisThrottleStore>();
        services.AddScoped<IThrottleStore>(sp => sp.GetRequiredService<IOptions<ThrottleStoreOptions>>().Value.Store == ThrottleStoreKind.Redis
            ? sp.GetRequiredService<RedisThrottleStore>()
            : sp.GetRequiredService<TableThrottleStore>());
        services.AddSingleton<StorageQueueEmailOutbox>();
        services.AddSingleton<IEmailOutbox>(sp => sp.GetRequiredService<StorageQueueEmailOutbox>());
        services.AddSingleton<IPendingAccountIndex, TablePendingAccountIndex>();
        services.AddSingleton<IExpiredRowSweeper, TableExpiredRowSweeper>();
        services.AddSingleton<IAuditLog, TableAuditLog>();
        services.AddSingleton<IAssistanceRequestStore, TableAssistanceRequestStore>();

        // Secrets and keys: the decoded ring is kept by the singleton; each invocation's scope reads through it once.
        services.AddSecretSource();
        services.AddSingleton<SecretTokenKeyProvider>();
        services.AddScoped<ITokenKeyProvider, RequestKeys>();
        services.AddScoped<RequestTokens>();

        // Email rendering and delivery; dates people read in the service's time zone (validated at start).
        services.AddSingleton(sp => new ReadableDates(TimeZoneInfo.FindSystemTimeZoneById(sp.GetRequiredService<IOptions<RecoveryOptions>>().Value.TimeZone)));
        services.AddSingleton<EmailRenderer>();
        services.AddSingleton<IEmailRenderer, SummaryAttachmentRenderer>();

        // The printable récapitulatif (contract §2.8): worded in Core, laid out by PDFsharp.
        services.AddSingleton<SummaryDocumentFactory>();
        services.AddSingleton<ISummaryDocumentRenderer, PdfSharpSummaryRenderer>();
        services.AddSingleton<IEmailSender>(CreateEmailSender);
        services.AddSingleton<EmailQuotaGate>();
        services.AddScoped<EmailDispatcher>();
        services.AddSingleton<PoisonEmailReplay>();

        // Captcha.
        services.AddSingleton<ICaptchaImageRenderer, SkiaCaptchaImageRenderer>();
        services.AddSingleton<ICaptchaAudioRenderer, WavCaptchaAudioRenderer>();
        services.AddScoped<ICaptchaProvider, ImageCaptchaProvider>();
        services.AddScoped<ICaptchaProvider, ProofOfWorkCaptchaProvider>();
        services.AddSingleton<ICaptchaProvider, CaptchEtatCaptchaProvider>();
        services.AddScoped<ClientLimits>();
        services.AddScoped<CaptchaService>();

        // CaptchEtat through PISTE: one cached OAuth2 token per instance, each call bounded by Captcha:CaptchEtat:Timeout.
        services.AddHttpClient(CaptchEtatHttpClient.HttpClientName, (sp, http) =>
            {
                http.Timeout = sp.GetRequiredService<IOptions<CaptchEtatOptions>>().Value.Timeout;
                http.MaxResponseContentBufferSize = 1024 * 1024;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(15) });
        services.AddSingleton<CaptchEtatAccessTokens>();
        services.AddSingleton<ICaptchEtatClient, CaptchEtatHttpClient>();

        // Domain.
        services.AddSingleton<IPasswordHasher, Argon2idPasswordHasher>();
        services.AddSingleton<PasswordPolicy>();
        services.AddSingleton<PasswordHistory>();
        services.AddSingleton<CredentialValidator>();
        services.AddSingleton<Notifier>();
        services.AddScoped<OneTimeTokens>();
        services.AddSingleton<AccountUpdater>();
        services.AddScoped<RegistrationService>();
        services.AddScoped<ActivationService>();
        services.AddScoped<SignInService>();
        services.AddScoped<SessionService>();
        services.AddSingleton<SignInFailureRecorder>();
        services.AddScoped<SignInLockout>();
        services.AddSingleton<AccountSpaceGuard>();
        services.AddScoped<AccountSpaceService>();
        services.AddScoped<EmailChangeService>();
        services.AddScoped<UsernameRecoveryService>();
        services.AddScoped<PasswordChanger>();

        // Forgotten password (contract §2.3).
        services.AddScoped<RecoveryFlows>();
        services.AddScoped<RecoveryIdentification>();
        services.AddScoped<MailboxVerification>();
        services.AddScoped<RecoveryAttempts>();
        services.AddScoped<SecurityAnswerCheck>();
        services.AddScoped<PasswordReset>();

        // Standards profile (ASVS): the factor stage after the mailbox proof (docs/security/standards-profile.md).
        services.AddScoped<RecoveryFactorCheck>();

        // Saved recovery codes (contract §2.9): made in the account space, spent instead of the mailbox and the question.
        services.AddScoped<RecoveryCodeIssuer>();
        services.AddScoped<RecoveryCodeCheck>();

        // Passkeys (docs/security/passkeys.md): ceremonies on Fido2, keys on the account, an index from credential id to account.
        services.AddSingleton<IPasskeyIndex, TablePasskeyIndex>();
        services.AddSingleton<IWebAuthn, Fido2WebAuthn>();
        services.AddScoped<PasskeyAssertions>();
        services.AddScoped<PasskeySignIn>();
        services.AddScoped<PasskeyService>();

        // Scheduled cleanup (contract §2.6).
        services.AddSingleton<CleanupService>();

        // Assistance (contract §2.5): agents' Entra ID tokens, checked against the tenant's metadata.
        services.AddHttpClient(AgentAuthenticator.MetadataHttpClient)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(15) });
        services.AddSingleton<IConfigurationManager<OpenIdConnectConfiguration>>(CreateMetadataManager);
        services.AddSingleton<AgentAuthenticator>();
        services.AddScoped<AssistanceService>();

        // Online assistance requests (contract §2.7).
        services.AddSingleton<SecretInMessageCheck>();
        services.AddScoped<AssistanceRequestService>();

        // FranceConnect as a way back (issue 22): the single-use state of each authorization request, the bindings.
        services.AddScoped<FranceConnectAuthorizations>();
        services.AddScoped<FranceConnectLinks>();
        services.AddScoped<FranceConnectRecovery>();
        services.AddScoped<FranceConnectSignUp>();
        services.AddSingleton<IFranceConnectBindingStore, TableFranceConnectBindingStore>();
        services.AddHttpClient(FranceConnectHttpProvider.HttpClientName, (sp, http) =>
            {
                http.Timeout = sp.GetRequiredService<IOptions<FranceConnectOptions>>().Value.Timeout;
                http.MaxResponseContentBufferSize = 1024 * 1024;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(15), AllowAutoRedirect = false });
        services.AddSingleton<IFranceConnectProvider>(CreateFranceConnectProvider);
        return services;
    }

    /// <summary>The FranceConnect adapter on the configured registration; while FranceConnect is disabled, one that is always unavailable (fail closed).</summary>
    private static IFranceConnectProvider CreateFranceConnectProvider(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<FranceConnectOptions>>().Value;
        if (!options.Enabled)
        {
            return new DisabledFranceConnectProvider();
        }

        var secrets = services.GetRequiredService<ISecretSource>();
        return new FranceConnectHttpProvider(
            services.GetRequiredService<IHttpClientFactory>().CreateClient(FranceConnectHttpProvider.HttpClientName),
            new FranceConnectRegistration(
                new Uri(options.Authority!),
                options.ClientId!,
                async cancellationToken => await secrets.GetSecretAsync(options.ClientSecretName, cancellationToken)
                    ?? throw new FranceConnectUnavailableException($"The FranceConnect client secret '{options.ClientSecretName}' is missing from the secret source."),
                new Uri(options.RedirectUris[0]),
                new Uri(options.PostLogoutRedirectUris[0])));
    }

    /// <summary>Metadata and keys cached (refreshed every 12 h, or on demand after an unknown key id) by the IdentityModel manager.</summary>
    private static ConfigurationManager<OpenIdConnectConfiguration> CreateMetadataManager(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<AssistanceOptions>>().Value;
        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(AgentAuthenticator.MetadataHttpClient);
        return new ConfigurationManager<OpenIdConnectConfiguration>(
            options.MetadataAddress,
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(http) { RequireHttps = !options.DevelopmentIssuer });
    }

    private static AcsEmailClient CreateEmailSender(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<AcsEmailOptions>>().Value;
        var credential = options.Authentication == EmailAuthentication.ManagedIdentity
            ? new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ManagedIdentityClientId })
            : null;
        return new AcsEmailClient(options, services.GetRequiredService<ISecretSource>(), credential, services.GetRequiredService<TimeProvider>(),
            services.GetService<AcsEmailClientOptions>(), services.GetRequiredService<ILogger<AcsEmailClient>>());
    }
}
