using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RecoveryFunctions.DevServices.Azurite;
using RecoveryFunctions.DevServices.Email;
using RecoveryFunctions.Functions;
using RecoveryFunctions.HostSubstitute;
using RecoveryFunctions.Infrastructure.Cache;
using RecoveryFunctions.Infrastructure.Storage;
using RecoveryFunctions.LocalHost;

namespace RecoveryFunctions.TestSupport;

/// <summary>
/// The whole system as a user gets it from <c>dotnet run</c>: its own Azurite, the function app on a
/// free port, the local ACS endpoint and a mailbox folder. Tests talk to it over real HTTP.
/// </summary>
public class LocalHostFixture : IAsyncLifetime
{
    private readonly string _mailbox = Path.Combine(Path.GetTempPath(), "recovery-mailbox-" + Guid.NewGuid().ToString("N"));

    private readonly RequestScopes _requests;

    public LocalHostFixture() => _requests = new RequestScopes(() => Host.Services);

    public LocalHostApp Host { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public CapturedLogs Logs { get; } = new();

    public StorageRequestRecorder StorageOperations { get; } = new();

    /// <summary>Every command the app sends to its throttle cache (StackExchange.Redis's profiling API).</summary>
    public CacheCommandProfiler CacheCommands { get; } = new();

    public LocalMailbox Mailbox { get; private set; } = null!;

    /// <summary>
    /// The host as deployed behind a trusted front end: this machine's loopback plays the proxy that appends the
    /// client to X-Forwarded-For (<see cref="DistinctClientAddressHandler"/>), and 198.51.100.0/24 an inner proxy,
    /// so a request may name its client up to two hops back. A socket from any other loopback address
    /// (127.x.y.z) is a client reaching the app directly, whose forwarding headers are ignored.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> TrustedFrontEnd = new Dictionary<string, string?>
    {
        ["ClientAddress:TrustedProxies:0"] = "127.0.0.1",
        ["ClientAddress:TrustedProxies:1"] = "::1",
        ["ClientAddress:TrustedProxies:2"] = InnerProxies,
        ["ClientAddress:ForwardedHops"] = "2",
    };

    public const string InnerProxies = "198.51.100.0/24";

    /// <summary>
    /// Every timer function switched off as the Functions host does it (<c>AzureWebJobs.{name}.Disabled</c>): a monitor
    /// firing on the wall clock's five minutes would add its own reads to the operations a test or a benchmark counts.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> TimersOff => Disabled(f => f.Trigger == TriggerKind.Timer);

    /// <summary>Every app function but the HTTP ones switched off: a probe fixture's own queue or timer function runs alone.</summary>
    public static IReadOnlyDictionary<string, string?> BackgroundTriggersOff => Disabled(f => f.Trigger != TriggerKind.Http);

    private static Dictionary<string, string?> Disabled(Func<FunctionDescriptor, bool> which) => FunctionCatalog.Discover(typeof(SendEmailFunction).Assembly)
        .Where(which)
        .ToDictionary(f => $"AzureWebJobs.{f.Name}.Disabled", _ => (string?)"true");

    protected virtual IReadOnlyDictionary<string, string?> Overrides => new Dictionary<string, string?>
    {
        ["Captcha:Mode"] = "AlwaysPass",
    };

    /// <summary>Test-only function classes a derived fixture serves beside the app's own.</summary>
    protected virtual IReadOnlyList<Type> AdditionalFunctionClasses => [];

    /// <summary>Registrations a derived fixture adds after the app's own (e.g. a manual clock).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_mailbox);
        Host = await StartOnFreePortAsync(port => new LocalHostSettings
        {
            Port = port,
            MailboxDirectory = _mailbox,
            TablePrefix = "t" + Guid.NewGuid().ToString("N")[..12],
            SeedDemoAccount = false,
            // Journeys that are not about quotas get a mail resource with room; quota tests set their own.
            Overrides = LocalAcsEmailOptions.RaisedQuotas.Concat(TrustedFrontEnd).Concat(Overrides).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value),
            AdditionalFunctionClasses = AdditionalFunctionClasses,
            ConfigureServices = services =>
            {
                services.AddSingleton<ILoggerProvider>(Logs);
                services.AddSingleton(new StoragePipelinePolicy(StorageOperations));
                services.AddSingleton(CacheCommands);
                LocalAcsFaultPlan.Register(services);
                ConfigureServices(services);
            },
        });
        Client = new HttpClient(new DocumentedResponseHandler(new DistinctClientAddressHandler(new SocketsHttpHandler()))) { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Mailbox = new LocalMailbox(_mailbox);
    }

    /// <summary>
    /// Waits until both outbox queues hold no message, hidden ones included (a status check waiting its turn): every
    /// email enqueued so far has been sent or dropped. The deterministic wait before asserting that an email did not come.
    /// </summary>
    public Task WaitForOutboxIdleAsync() => Host.Services.WaitForOutboxIdleAsync();

    /// <summary>Starts the host on a free port, retrying with another when something took it before Kestrel bound it.</summary>
    public static async Task<LocalHostApp> StartOnFreePortAsync(Func<int, LocalHostSettings> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await LocalHostApp.StartAsync(settings(FreePort.Next()));
            }
            catch (IOException) when (attempt < 3)
            {
                // Address already in use: draw another port.
            }
        }
    }

    /// <inheritdoc cref="RequestScopes.Request{T}"/>
    public T Request<T>()
        where T : notnull
        => _requests.Request<T>();

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await _requests.DisposeAsync();
        await Host.DisposeAsync();
        try
        {
            Directory.Delete(_mailbox, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
