using RecoveryFunctions.DevServices;

namespace RecoveryFunctions.LocalHost;

/// <summary>How a local host instance is started: by <c>dotnet run</c> (port 7071) or by a test (a free port).</summary>
public sealed record LocalHostSettings
{
    public int Port { get; init; } = 7071;

    public required string MailboxDirectory { get; init; }

    public string TablePrefix { get; init; } = "recovery";

    public bool SeedDemoAccount { get; init; } = true;

    /// <summary>Where the start tells what it is doing (<c>dotnet run</c>: the console); tests start silently.</summary>
    public StartupStages Stages { get; init; } = StartupStages.Silent;

    /// <summary>Settings that win over the local defaults (tests use it; users have appsettings, env and args).</summary>
    public IReadOnlyDictionary<string, string?> Overrides { get; init; } = new Dictionary<string, string?>();

    /// <summary>Function classes served beside the app's own, through the same worker pipeline (a test adds one that throws).</summary>
    public IReadOnlyList<Type> AdditionalFunctionClasses { get; init; } = [];

    /// <summary>Extra registrations after the app's own (tests add log capture and storage operation counters).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }
}
