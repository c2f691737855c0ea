using System.ComponentModel;
using System.Diagnostics;

namespace RecoveryFunctions.DevServices.Azurite;

/// <summary>
/// Installs the repository's pinned npm packages (Azurite, and the ALTCHA widget and jsPDF the site serves) with <c>npm ci</c>
/// when node_modules lacks them: on a fresh clone, at the first start of the local host or of a test fixture (the
/// build does not, since <c>dotnet run</c> shows nothing of a build). One install at a time across processes: the test
/// assemblies start their fixtures in parallel.
/// </summary>
internal static class NpmInstall
{
    public static string AzuriteExecutable(string root) => Path.Combine(root, "node_modules", ".bin", "azurite");

    public static async Task EnsureAsync(string root, StartupStages stages, CancellationToken cancellationToken)
    {
        if (IsInstalled(root))
        {
            return;
        }

        await using var exclusive = await LockAsync(root, cancellationToken);
        if (IsInstalled(root))
        {
            // Installed by another process while this one waited.
            return;
        }

        await stages.RunAsync(
            "Installing Azurite and the site's browser packages with npm ci (node_modules is missing or older than package-lock.json)",
            () => RunAsync("npm", ["ci", "--no-audit", "--no-fund"], root, cancellationToken));
    }

    /// <summary>
    /// Azurite is there and npm's record of the install (node_modules/.package-lock.json) is not older than the lock
    /// file: a pull that pins a new package installs it at the next start.
    /// </summary>
    private static bool IsInstalled(string root)
    {
        var installed = new FileInfo(Path.Combine(root, "node_modules", ".package-lock.json"));
        return File.Exists(AzuriteExecutable(root))
            && installed.Exists
            && installed.LastWriteTimeUtc >= File.GetLastWriteTimeUtc(Path.Combine(root, "package-lock.json"));
    }

    /// <summary>Runs a development tool; its output is shown only when it fails, so the start stays one line per stage.</summary>
    public static async Task RunAsync(string fileName, string[] arguments, string root, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = root,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process? process;
        try
        {
            process = Process.Start(info);
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{fileName} could not be started; install Node.js 20 or later.", e);
        }

        using (process)
        {
            if (process is null)
            {
                throw new InvalidOperationException($"{fileName} could not be started; install Node.js 20 or later.");
            }

            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"{fileName} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}:{Environment.NewLine}{await errors}{await output}");
            }
        }
    }

    /// <summary>
    /// A lock shared by every process working in this clone: a FileShare.None handle on .local/dev-tools.lock, which
    /// .NET enforces between handles (flock on Unix) and the system drops if its holder dies.
    /// </summary>
    public static async Task<FileStream> LockAsync(string root, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(root, ".local");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "dev-tools.lock");
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
        }
    }
}
