using System.Globalization;
using System.Net.Sockets;
using Garnet;
using StackExchange.Redis;
using RecoveryFunctions.DevServices.Azurite;

namespace RecoveryFunctions.DevServices.Cache;

/// <summary>
/// The throttle cache of a local run: Garnet (Microsoft's Redis-protocol server, a NuGet package) in this process, with
/// Lua scripting on, in memory, on a free loopback port; stopped on dispose. Started beside Azurite by the local host and
/// by the test fixtures, so nothing is installed by hand (docs/decisions/0008-throttles-in-a-cache.md).
/// It runs as a cluster of one node holding every slot, as the deployed cache is an OSS cluster (infra/modules/cache.bicep):
/// a script whose keys lie in two slots is refused here (by the client, and by the server with <c>CROSSSLOT</c>) as there.
/// The cluster's node file lives in a temporary folder, deleted on dispose; a process killed before it leaves the folder
/// behind, so each folder holds a file its process keeps locked, and a start deletes the folders nobody holds any more.
/// </summary>
public sealed class LocalCache : IDisposable
{
    private const int MaxStartAttempts = 3;
    private const int LastSlot = 16383;
    internal const string FolderPrefix = "garnet-cluster-";
    internal const string OwnerFile = "owner.lock";

    /// <summary>A folder without its owner file is another start's between its two steps, or older code's: left for a day.</summary>
    private static readonly TimeSpan UnownedFolderGrace = TimeSpan.FromDays(1);

    private readonly GarnetServer _server;
    private readonly ClusterFolder _clusterConfig;

    private LocalCache(GarnetServer server, int port, ClusterFolder clusterConfig)
    {
        _server = server;
        Port = port;
        _clusterConfig = clusterConfig;
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
        DeleteAbandonedFolders();

        // A free port can be taken before Garnet binds it: try new ones.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var clusterConfig = ClusterFolder.Create();

            // Small index and log: a test run starts one per fixture, and the counters of a run take kilobytes. The cluster's
            // node file goes through the managed file device: the native one needs libaio, which a fresh machine lacks.
            var server = new GarnetServer([
                "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--lua", "--index", "1m", "--memory", "64m", "--page", "1m",
                "--cluster", "--checkpointdir", clusterConfig.Path, "--device-type", "RandomAccess"]);
            try
            {
                server.Start();
                TakeEverySlot(port);
                return new LocalCache(server, port, clusterConfig);
            }
            catch (Exception e)
            {
                server.Dispose();
                clusterConfig.Dispose();
                if (e is not SocketException || attempt >= MaxStartAttempts)
                {
                    throw;
                }
            }
        }
    }

    /// <summary>Assigns every slot to the one node and waits until the cluster says it is ready to serve them.</summary>
    private static void TakeEverySlot(int port)
    {
        using var admin = ConnectionMultiplexer.Connect($"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)},allowAdmin=true");
        var node = admin.GetServer(admin.GetEndPoints().Single());
        var added = node.Execute("CLUSTER", "ADDSLOTSRANGE", 0, LastSlot);
        if (added.ToString() != "OK")
        {
            throw new InvalidOperationException($"Garnet refused to take the cluster's slots: {added}");
        }

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!node.Execute("CLUSTER", "INFO").ToString().Contains("cluster_state:ok", StringComparison.Ordinal))
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new InvalidOperationException("Garnet's one-node cluster did not become ready.");
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>Deletes the cluster folders of processes that ended without disposing their cache (killed, crashed).</summary>
    internal static void DeleteAbandonedFolders()
    {
        var oldestUnowned = TimeProvider.System.GetUtcNow().UtcDateTime - UnownedFolderGrace;
        foreach (var folder in new DirectoryInfo(Path.GetTempPath()).EnumerateDirectories(FolderPrefix + "*"))
        {
            try
            {
                var owner = Path.Combine(folder.FullName, OwnerFile);
                if (File.Exists(owner))
                {
                    // Opens only when no process holds it: its owner is gone.
                    using (new FileStream(owner, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                    {
                    }
                }
                else if (folder.LastWriteTimeUtc > oldestUnowned)
                {
                    continue;
                }

                folder.Delete(recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Held by a running cache, or deleted by another start meanwhile.
            }
        }
    }

    public void Dispose()
    {
        _server.Dispose();
        _clusterConfig.Dispose();
    }

    /// <summary>A temporary folder for the node file, with the owner file this process holds locked until it deletes the folder.</summary>
    private sealed class ClusterFolder : IDisposable
    {
        private readonly DirectoryInfo _folder;
        private readonly FileStream _owner;

        private ClusterFolder(DirectoryInfo folder, FileStream owner)
        {
            _folder = folder;
            _owner = owner;
        }

        public string Path => _folder.FullName;

        public static ClusterFolder Create()
        {
            var folder = Directory.CreateTempSubdirectory(FolderPrefix);
            return new ClusterFolder(folder, new FileStream(System.IO.Path.Combine(folder.FullName, OwnerFile), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None));
        }

        public void Dispose()
        {
            _owner.Dispose();
            _folder.Delete(recursive: true);
        }
    }
}
