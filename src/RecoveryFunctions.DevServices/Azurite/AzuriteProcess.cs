using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RecoveryFunctions.DevServices.Azurite;

/// <summary>
/// Starts the repository's pinned Azurite (node_modules/.bin/azurite) in memory on free loopback ports
/// and stops it on dispose. Used by the local host and by the tests, each with its own instance.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private const int MaxStartAttempts = 3;
    private readonly Process _process;

    private AzuriteProcess(Process process, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    /// <summary>Azurite's well-known development account, on this instance's ports.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    public static Task<AzuriteProcess> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(StartupStages.Silent, cancellationToken);

    /// <param name="stages">Where the install (first run only) and the start are told, one line each.</param>
    public static async Task<AzuriteProcess> StartAsync(StartupStages stages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stages);
        var root = RepositoryRoot.Find();
        await NpmInstall.EnsureAsync(root, stages, cancellationToken);
        var executable = NpmInstall.AzuriteExecutable(root);
        return await stages.RunAsync("Starting Azurite (the Storage emulator, in memory)", async () =>
        {
            // A free port can be taken by another process before Azurite binds it; Azurite then exits, so try new ports.
            for (var attempt = 1; ; attempt++)
            {
                var started = Launch(root, executable);
                try
                {
                    await started.WaitUntilListeningAsync(cancellationToken);
                    return started;
                }
                catch (AzuriteExitedException) when (attempt < MaxStartAttempts)
                {
                    await started.DisposeAsync();
                }
            }
        });
    }

    private static AzuriteProcess Launch(string root, string executable)
    {
        var (blob, queue, table) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        var info = new ProcessStartInfo(executable)
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--inMemoryPersistence", "--skipApiVersionCheck", "--loose",
                     // No access log: nothing reads it, and writing a line per request costs Azurite and this process CPU.
                     "--silent",
                     "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--tableHost", "127.0.0.1", "--tablePort", table.ToString(System.Globalization.CultureInfo.InvariantCulture),
                 })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Azurite did not start.");
        var started = new AzuriteProcess(process, blob, queue, table);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        foreach (var port in new[] { QueuePort, TablePort })
        {
            while (true)
            {
                if (_process.HasExited)
                {
                    throw new AzuriteExitedException(_process.ExitCode);
                }

                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                    break;
                }
                catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(60))
                {
                    await Task.Delay(100, cancellationToken);
                }
            }
        }
    }
}
