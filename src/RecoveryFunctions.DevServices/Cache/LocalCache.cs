using System.Globalization;
using System.Net.Sockets;
using Garnet;
using RecoveryFunctions.DevServices.Azurite;

namespace RecoveryFunctions.DevServices.Cache;

/// <summary>
/// The throttle cache of a local run: Garnet (Microsoft's Redis-protocol server, a NuGet package) in this process, with
/// Lua scripting on, in memory, on a free loopback port; stopped on dispose. Started beside Azurite by the local host and
/// by the test fixtures, so nothing is installed by hand (docs/decisions/0008-throttles-in-a-cache.md).
/// </summary>
public sealed class LocalCache : IDisposable
{
    private const int MaxStartAttempts = 3;
    private readonly GarnetServer _server;

    private LocalCache(GarnetServer server, int port)
    {
        _server = server;
        Port = port;
    }

    public int Port { get; }

    /// <summary>What the app's <c>throttle-cache-connection</c> secret holds locally: no password, no TLS, loopback.</summary>
    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public static Task<LocalCache> StartAsync(CancellationToken cancellationToken = default) => StartAsync(StartupStages.Silent, cancellationToken);

    public static Task<LocalCache> StartAsync(StartupStages stages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stages);
        return stages.RunAsync("Starting Garnet (the throttle cache, in memory)", () => Task.Run(Start, cancellationToken));
    }

    private static LocalCache Start()
    {
        // A free port can be taken before Garnet binds it: try new ones.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();

            // Small index and log: a test run starts one per fixture, and the counters of a run take kilobytes.
            var server = new GarnetServer(["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--lua", "--index", "1m", "--memory", "64m", "--page", "1m"]);
            try
            {
                server.Start();
                return new LocalCache(server, port);
            }
            catch (SocketException) when (attempt < MaxStartAttempts)
            {
                server.Dispose();
            }
        }
    }

    public void Dispose() => _server.Dispose();
}
