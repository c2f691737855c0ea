using System.Diagnostics;
using System.Globalization;
using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.DevServices.Azurite;
using RecoveryFunctions.DevServices.Email;
using RecoveryFunctions.Infrastructure.Cache;
using RecoveryFunctions.Infrastructure.Storage;
using RecoveryFunctions.LocalHost;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Benchmarks;

/// <summary>The local host with its own Azurite and Garnet on loopback ports, instrumented with a storage request recorder and a cache command profiler.</summary>
public sealed class BenchmarkHost : IAsyncDisposable
{
    private readonly string _mailbox;

    private BenchmarkHost(LocalHostApp app, string mailbox, StorageRequestRecorder requests, WireTimer wire, CacheCommandProfiler cacheCommands, TimeSpan startup)
    {
        Wire = wire;
        App = app;
        CacheCommands = cacheCommands;
        _mailbox = mailbox;
        Requests = requests;
        StartupToFirstHealthy = startup;
        Exchanges = new ExchangeShapeRecorder(new SocketsHttpHandler { MaxConnectionsPerServer = 64 });
        Client = new HttpClient(Exchanges) { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        Mailbox = new LocalMailbox(mailbox);
    }

    public LocalHostApp App { get; }

    public HttpClient Client { get; }

    /// <summary>The shape of <see cref="Client"/>'s last exchange (read at one client only).</summary>
    internal ExchangeShapeRecorder Exchanges { get; }

    public LocalMailbox Mailbox { get; }

    public StorageRequestRecorder Requests { get; }

    /// <summary>The app's storage clients' time on the wire (<see cref="WireTimer"/>).</summary>
    public WireTimer Wire { get; }

    /// <summary>Every command sent to the throttle cache (Garnet here; docs/decisions/0008-throttles-in-a-cache.md).</summary>
    public CacheCommandProfiler CacheCommands { get; }

    public TimeSpan StartupToFirstHealthy { get; }

    public string TablePrefix => App.Services.GetRequiredService<TableNames>().Tokens[..^"Tokens".Length];

    /// <summary>Starts Azurite and the host, and times it until <c>/api/health</c> first answers 200.</summary>
    /// <param name="settings">Settings over the benchmark defaults (the email burst sets the managed-domain quotas).</param>
    /// <param name="services">Extra registrations (e.g. log capture).</param>
    public static async Task<BenchmarkHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, CancellationToken cancellationToken = default)
    {
        var mailbox = Path.Combine(Path.GetTempPath(), "recovery-bench-mailbox-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(mailbox);
        var requests = new StorageRequestRecorder();
        var wire = new WireTimer();
        var cacheCommands = new CacheCommandProfiler();
        var clock = Stopwatch.StartNew();
        var app = await LocalHostApp.StartAsync(new LocalHostSettings
        {
            Port = FreePort.Next(),
            MailboxDirectory = mailbox,
            TablePrefix = "bench" + Guid.NewGuid().ToString("N")[..10],
            SeedDemoAccount = false,
            // The journeys measure the app, not ACS's quota: a resource with room unless the burst sets the managed domain's.
            Overrides = new Dictionary<string, string?>(LocalAcsEmailOptions.RaisedQuotas.Concat(Defaults).Concat(settings ?? new Dictionary<string, string?>()).GroupBy(p => p.Key).Select(g => g.Last())),
            ConfigureServices = collection =>
            {
                collection.AddSingleton(new StoragePipelinePolicy(requests));
                collection.AddSingleton(new StoragePipelinePolicy(wire, HttpPipelinePosition.BeforeTransport));
                collection.AddSingleton(cacheCommands);
                services?.Invoke(collection);
            },
        }, cancellationToken: cancellationToken);
        using var probe = new HttpClient(new SocketsHttpHandler()) { BaseAddress = app.BaseAddress };
        while (true)
        {
            using var health = await probe.GetAsync(new Uri("/api/health", UriKind.Relative), cancellationToken);
            if (health.IsSuccessStatusCode)
            {
                break;
            }

            await Task.Delay(10, cancellationToken);
        }

        return new BenchmarkHost(app, mailbox, requests, wire, cacheCommands, clock.Elapsed);
    }

    private static readonly Dictionary<string, string?> Defaults = new()
    {
        // A load driver cannot read images; one client IP stands for many users here.
        ["Captcha:Mode"] = "AlwaysPass",
        ["Throttling:CaptchasPerIpPerHour"] = "10000",
        ["Throttling:RecoveryPerIpPerHour"] = "10000",
        ["Throttling:SignInPerClientPerHour"] = "100000",
        ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.250",
        ["Cleanup:Schedule"] = "0 0 3 * * *",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    public static string Milliseconds(TimeSpan elapsed) => elapsed.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture) + " ms";

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
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
