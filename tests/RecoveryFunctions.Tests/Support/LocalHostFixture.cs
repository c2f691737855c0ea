using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RecoveryFunctions.Infrastructure.Storage;
using RecoveryFunctions.LocalHost.Azurite;
using RecoveryFunctions.LocalHost.Email;
using RecoveryFunctions.LocalHost.Hosting;

namespace RecoveryFunctions.Tests.Support;

/// <summary>
/// The whole system as a user gets it from <c>dotnet run</c>: its own Azurite, the function app on a
/// free port, the local ACS endpoint and a mailbox folder. Tests talk to it over real HTTP.
/// </summary>
public class LocalHostFixture : IAsyncLifetime
{
    private readonly string _mailbox = Path.Combine(Path.GetTempPath(), "recovery-mailbox-" + Guid.NewGuid().ToString("N"));

    public LocalHostApp Host { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public CapturedLogs Logs { get; } = new();

    public StorageRequestRecorder StorageOperations { get; } = new();

    public LocalMailbox Mailbox { get; private set; } = null!;

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
            Overrides = Overrides,
            AdditionalFunctionClasses = AdditionalFunctionClasses,
            ConfigureServices = services =>
            {
                services.AddSingleton<ILoggerProvider>(Logs);
                services.AddSingleton(new StoragePipelinePolicy(StorageOperations));
                ConfigureServices(services);
            },
        });
        Client = new HttpClient(new DistinctClientAddressHandler(new SocketsHttpHandler())) { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Mailbox = new LocalMailbox(_mailbox);
    }

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

    public async Task DisposeAsync()
    {
        Client.Dispose();
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
