using System.Diagnostics;

namespace RecoveryFunctions.DevServices.Azurite;

/// <summary>Installs the pinned dev tools (Azurite) with <c>npm ci</c> when node_modules is missing.</summary>
internal static class NpmInstall
{
    public static async Task RunAsync(string root, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("npm") { WorkingDirectory = root, UseShellExecute = false };
        foreach (var argument in new[] { "ci", "--no-audit", "--no-fund" })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("npm could not be started; install Node.js 20+.");
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci failed with exit code {process.ExitCode}.");
        }
    }
}
