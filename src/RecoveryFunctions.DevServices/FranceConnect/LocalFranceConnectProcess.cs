using System.Diagnostics;
using System.Text.Json;
using RecoveryFunctions.DevServices.Azurite;

namespace RecoveryFunctions.DevServices.FranceConnect;

/// <summary>
/// Starts the local FranceConnect v2 provider (local-franceconnect.mjs, built on the pinned oidc-provider) on a free
/// loopback port it picks itself, with one registered service provider, and stops it on dispose. Used by the local
/// host and so by every fixture that starts one, like <see cref="AzuriteProcess"/>.
/// </summary>
public sealed class LocalFranceConnectProcess : IAsyncDisposable
{
    private const string ListeningPrefix = "listening ";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;

    private LocalFranceConnectProcess(Process process, Uri authority, LocalFranceConnectClient client)
    {
        _process = process;
        Authority = authority;
        Client = client;
    }

    /// <summary>The issuer, ending in /api/v2 as FranceConnect's does; its discovery document is under it.</summary>
    public Uri Authority { get; }

    public LocalFranceConnectClient Client { get; }

    /// <summary>The identities its login page offers (test-identities.json, shared with the script).</summary>
    public static IReadOnlyList<LocalFranceConnectIdentity> TestIdentities { get; } = LoadIdentities();

    /// <summary>The identity the demo account is bound to.</summary>
    public static LocalFranceConnectIdentity DemoIdentity => TestIdentities[0];

    public static async Task<LocalFranceConnectProcess> StartAsync(LocalFranceConnectClient client, StartupStages stages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(stages);
        var root = RepositoryRoot.Find();
        await NpmInstall.EnsureAsync(root, stages, cancellationToken);
        return await stages.RunAsync("Starting the local FranceConnect provider", () => LaunchAsync(root, client, cancellationToken));
    }

    private static async Task<LocalFranceConnectProcess> LaunchAsync(string root, LocalFranceConnectClient client, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ScriptPath(root));
        info.Environment["FRANCECONNECT_LOCAL_CONFIG"] = JsonSerializer.Serialize(new
        {
            clientId = client.ClientId,
            clientSecret = client.ClientSecret,
            redirectUris = client.RedirectUris,
            postLogoutRedirectUris = client.PostLogoutRedirectUris,
        });
        var process = Process.Start(info) ?? throw new InvalidOperationException("node did not start; install Node.js 20 or later.");
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartTimeout);
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith(ListeningPrefix, StringComparison.Ordinal))
                {
                    // Keep draining stdout so the provider never blocks on a full pipe.
                    _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                    return new LocalFranceConnectProcess(process, new Uri(line[ListeningPrefix.Length..]), client);
                }
            }

            await process.WaitForExitAsync(cancellationToken);
            lock (errors)
            {
                throw new InvalidOperationException($"The local FranceConnect provider exited with code {process.ExitCode}:{Environment.NewLine}{errors}");
            }
        }
        catch
        {
            await StopAsync(process);
            throw;
        }
    }

    internal static string ScriptPath(string root) =>
        Path.Combine(root, "src", "RecoveryFunctions.DevServices", "FranceConnect", "local-franceconnect.mjs");

    private static List<LocalFranceConnectIdentity> LoadIdentities()
    {
        var path = Path.Combine(RepositoryRoot.Find(), "src", "RecoveryFunctions.DevServices", "FranceConnect", "test-identities.json");
        return JsonSerializer.Deserialize<List<LocalFranceConnectIdentity>>(File.ReadAllText(path), JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException(path + " is empty.");
    }

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    public ValueTask DisposeAsync() => new(StopAsync(_process));
}
