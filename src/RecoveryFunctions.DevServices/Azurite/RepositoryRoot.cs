namespace RecoveryFunctions.DevServices.Azurite;

/// <summary>Finds the repository root (where package.json and host.json live) from the running binary.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "package.json")) && File.Exists(Path.Combine(dir.FullName, "host.json")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Repository root (package.json + host.json) not found above " + AppContext.BaseDirectory);
    }
}
