using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.DevServices;
using RecoveryFunctions.DevServices.Azurite;
using RecoveryFunctions.DevServices.Cache;
using RecoveryFunctions.DevServices.CaptchEtat;
using RecoveryFunctions.DevServices.Email;
using RecoveryFunctions.DevServices.FranceConnect;
using RecoveryFunctions.DevServices.Issuer;
using RecoveryFunctions.Hosting;
using RecoveryFunctions.HostSubstitute;
using RecoveryFunctions.Infrastructure.Storage;

namespace RecoveryFunctions.LocalHost;

/// <summary>
/// The whole system on one Kestrel, composed from the host substitute (the function app's own [Function]
/// classes with the same service graph as in Azure, its queue and timer triggers, the admin endpoint) and the
/// development services (Azurite underneath, Garnet for the throttle counters, the ACS Email emulator writing to a mailbox folder, the
/// development issuer, the demo account). Started by <c>dotnet run</c> and by the end-to-end tests.
/// </summary>
public sealed class LocalHostApp : IAsyncDisposable
{
    private readonly AzuriteProcess _azurite;
    private readonly LocalCache _cache;

    private LocalHostApp(
        WebApplication app, AzuriteProcess azurite, LocalCache cache, LocalFranceConnectProcess franceConnect, IReadOnlyList<FunctionDescriptor> functions, IReadOnlyList<FunctionDescriptor> httpFunctions)
    {
        App = app;
        _azurite = azurite;
        _cache = cache;
        FranceConnect = franceConnect;
        Functions = functions;
        ServedHttpFunctions = httpFunctions;
    }

    public WebApplication App { get; }

    public IReadOnlyList<FunctionDescriptor> Functions { get; }

    public IReadOnlyList<FunctionDescriptor> ServedHttpFunctions { get; }

    public Uri BaseAddress => new(App.Urls.First());

    public string StorageConnectionString => _azurite.ConnectionString;

    /// <summary>The local throttle cache (Garnet) the app's counters live in.</summary>
    public string CacheConnectionString => _cache.ConnectionString;

    /// <summary>The local FranceConnect v2 provider this host is registered with as a service provider.</summary>
    public LocalFranceConnectProcess FranceConnect { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>The demo account's subscriber number, when <see cref="LocalHostSettings.SeedDemoAccount"/> created it.</summary>
    public string? DemoSubscriberNumber { get; private init; }

    public static async Task<LocalHostApp> StartAsync(LocalHostSettings settings, string[]? args = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var stages = settings.Stages;
        var azurite = await AzuriteProcess.StartAsync(stages, cancellationToken);
        LocalCache? cache = null;
        LocalFranceConnectProcess? franceConnect = null;
        WebApplication? app = null;
        try
        {
            cache = await LocalCache.StartAsync(stages, cancellationToken);
            franceConnect = await LocalFranceConnectProcess.StartAsync(LocalDefaults.FranceConnectClient(settings), stages, cancellationToken);
            var provider = franceConnect;
            var started = cache;
            (app, var functions, var served) = await stages.RunAsync(
                $"Starting the function host (the API, the ACS Email emulator, the development issuer) on port {settings.Port}",
                () => BuildAndStartAsync(settings, azurite, started, provider, args, cancellationToken));
            string? subscriberNumber = null;
            if (settings.SeedDemoAccount)
            {
                var services = app.Services;
                subscriberNumber = await stages.RunAsync("Creating the demo account", () => DemoAccount.SeedAsync(services, provider.Client.ClientId, cancellationToken));
            }

            return new LocalHostApp(app, azurite, cache, franceConnect, functions, served) { DemoSubscriberNumber = subscriberNumber };
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            if (franceConnect is not null)
            {
                await franceConnect.DisposeAsync();
            }

            cache?.Dispose();
            await azurite.DisposeAsync();
            throw;
        }
    }

    private static async Task<(WebApplication App, IReadOnlyList<FunctionDescriptor> Functions, IReadOnlyList<FunctionDescriptor> Served)> BuildAndStartAsync(
        LocalHostSettings settings, AzuriteProcess azurite, LocalCache cache, LocalFranceConnectProcess franceConnect, string[]? args, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args ?? [],
            EnvironmentName = Environments.Development,
            ContentRootPath = AppContext.BaseDirectory,
        });
        var acsKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var repositoryRoot = RepositoryRoot.Find();
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = LocalDefaults.For(settings, azurite.ConnectionString, acsKey, franceConnect, cache.ConnectionString) });
        builder.Configuration.Sources.Insert(1, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = HostCorsSettings.LoadLocalSettings(repositoryRoot) });
        builder.Configuration.Sources.Insert(1, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = LocalCaptchEtatServiceCollectionExtensions.Defaults(LocalDefaults.SelfUrl(settings)) });
        builder.Configuration.AddInMemoryCollection(settings.Overrides);
        builder.WebHost.UseUrls($"http://localhost:{settings.Port}");
        builder.WebHost.UseFunctionsHostKestrelSettings();

        builder.Services.AddRecoveryServices(builder.Configuration, builder.Environment);
        builder.ValidateLifetimesInDevelopment();

        // The request spans the Functions host records in Azure (telemetryMode OpenTelemetry), made by this host's Kestrel.
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddAspNetCoreInstrumentation());
        var acs = builder.Configuration.GetSection(LocalAcsEmailOptions.SectionName).Get<LocalAcsEmailOptions>() ?? new LocalAcsEmailOptions();
        acs.AccessKey = builder.Configuration["Secrets:Values:acs-access-key"] ?? acsKey;
        acs.MailboxDirectory = settings.MailboxDirectory;
        acs.PublicBaseUrl = LocalDefaults.SelfUrl(settings);
        builder.Services.AddLocalAcsEmail(acs);
        builder.Services.AddLocalCaptchEtat(builder.Configuration);
        builder.Services.AddCors();

        // The app's worker middleware, registered by the call Program.cs makes.
        var workerPipeline = new LocalWorkerPipeline(builder.Services);
        workerPipeline.UseRecoveryMiddleware();
        builder.Services.AddSingleton(workerPipeline);

        builder.Services.AddSingleton(sp => new DevelopmentIssuer(
            LocalDefaults.DevelopmentIssuerUrl(settings), builder.Configuration["Assistance:Audience"] ?? LocalDefaults.AgentAudience, sp.GetRequiredService<TimeProvider>()));

        settings.ConfigureServices?.Invoke(builder.Services);

        var hostJson = HostJsonSettings.Load(Path.Combine(repositoryRoot, "host.json"), builder.Configuration);
        var functions = FunctionCatalog.Discover(typeof(RecoveryServiceCollectionExtensions).Assembly.GetTypes().Concat(settings.AdditionalFunctionClasses));
        builder.Services.AddFunctionTriggers(builder.Configuration, functions, hostJson, sp => sp.GetRequiredService<StorageClients>().Queues);

        var app = builder.Build();
        app.UsePlatformHttpBehaviour();
        var served = app.MapHttpFunctions(functions, hostJson.RoutePrefix);
        app.MapAdminFunctions(functions);
        app.MapLocalAcsEmail();
        app.MapLocalCaptchEtat();
        app.MapDevelopmentIssuer();

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return (app, functions, served);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await FranceConnect.DisposeAsync();
        _cache.Dispose();
        await _azurite.DisposeAsync();
    }
}
