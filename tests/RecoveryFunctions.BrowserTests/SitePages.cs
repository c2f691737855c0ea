using RecoveryFunctions.DevServices.Azurite;

namespace RecoveryFunctions.BrowserTests;

/// <summary>Every page of the site as files: the HTML under wwwroot (the copied vendor files aside), and the address serving each.</summary>
internal static class SitePages
{
    public static string WebRoot { get; } = Path.Combine(RepositoryRoot.Find(), "src", "RecoveryFunctions.Web");

    public static string Root { get; } = Path.Combine(WebRoot, "wwwroot");

    public static IEnumerable<string> Files() =>
        Directory.EnumerateFiles(Root, "*.html", SearchOption.AllDirectories)
            .Where(f => !f.Contains("vendor", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    /// <summary>(address, short name) of every page: "aide/demande/index.html" is "/aide/demande/"; 404.html answers any unknown address.</summary>
    public static TheoryData<string, string> Addresses()
    {
        var pages = new TheoryData<string, string>();
        foreach (var file in Files().Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/')))
        {
            var folder = file == "404.html" ? null : file[..^"index.html".Length];
            pages.Add(folder is null ? "/nulle-part/" : "/" + folder, folder is null ? "404" : folder.Length == 0 ? "accueil" : folder.TrimEnd('/').Replace('/', '-'));
        }

        return pages;
    }
}
