using RecoveryFunctions.DevServices.Azurite;

namespace RecoveryFunctions.DevServices.Web;

/// <summary>
/// The site's browser files from npm (the ALTCHA widget, jsPDF), copied into wwwroot by the site's own build step
/// (<c>node build.mjs --local</c>, as azd runs it before deploying) when they are missing or older than the lock file
/// that pins them.
/// </summary>
public static class WebVendorFiles
{
    private static readonly string[][] VendorFiles = [["altcha", "altcha.min.js"], ["jspdf", "jspdf.umd.min.js"]];

    public static async Task EnsureAsync(StartupStages stages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stages);
        var root = RepositoryRoot.Find();
        if (IsCurrent(root))
        {
            return;
        }

        await NpmInstall.EnsureAsync(root, stages, cancellationToken);
        await using var exclusive = await NpmInstall.LockAsync(root, cancellationToken);
        if (!IsCurrent(root))
        {
            await stages.RunAsync(
                "Copying the site's browser files from node_modules (node build.mjs --local)",
                () => NpmInstall.RunAsync("node", [Path.Combine("src", "RecoveryFunctions.Web", "build.mjs"), "--local"], root, cancellationToken));
        }
    }

    private static bool IsCurrent(string root)
    {
        var pinned = File.GetLastWriteTimeUtc(Path.Combine(root, "package-lock.json"));
        return VendorFiles.All(path =>
        {
            var file = new FileInfo(Path.Combine([LocalSite.WebRoot, "vendor", .. path]));
            return file.Exists && file.LastWriteTimeUtc >= pinned;
        });
    }
}
