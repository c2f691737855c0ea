using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RecoveryFunctions.DevServices.Azurite;
using RecoveryFunctions.DevServices.Email;
using RecoveryFunctions.DevServices.Issuer;
using RecoveryFunctions.TestSupport;

namespace RecoveryFunctions.Tests.Email;

/// <summary>
/// The local ACS Email endpoint on Kestrel at a free port, with its own key, temporary mailbox, development issuer
/// (bearer tokens) and clock. Quotas are roomy unless a test sets them (<paramref name="configure"/>).
/// </summary>
internal sealed class LocalAcsEmailServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalAcsEmailServer(WebApplication app, LocalAcsEmailOptions options, Uri endpoint)
    {
        _app = app;
        Options = options;
        Endpoint = endpoint;
    }

    public LocalAcsEmailOptions Options { get; }

    public string AccessKey => Options.AccessKey;

    public string MailboxDirectory => Options.MailboxDirectory;

    public Uri Endpoint { get; }

    public LocalAcsFaultPlan Faults => _app.Services.GetRequiredService<LocalAcsFaultPlan>();

    public LocalAcsEmailStore Store => _app.Services.GetRequiredService<LocalAcsEmailStore>();

    public LocalMailbox Mailbox => _app.Services.GetRequiredService<LocalMailbox>();

    public DevelopmentIssuer Issuer => _app.Services.GetRequiredService<DevelopmentIssuer>();

    public static async Task<LocalAcsEmailServer> StartAsync(Action<LocalAcsEmailOptions>? configure = null, TimeProvider? time = null)
    {
        var port = FreePort.Next();
        var endpoint = new Uri($"http://127.0.0.1:{port}");
        var options = new LocalAcsEmailOptions
        {
            AccessKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            MailboxDirectory = Path.Combine(Path.GetTempPath(), "acs-mailbox-" + Guid.NewGuid().ToString("N")),
            PublicBaseUrl = endpoint.ToString(),
            SendsPerMinute = 10_000,
            SendsPerHour = 10_000,
            StatusReadsPerMinute = 10_000,
            StatusReadsPerHour = 10_000,
        };
        configure?.Invoke(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls(endpoint.ToString());
        builder.Services.AddSingleton(new DevelopmentIssuer($"{endpoint.ToString().TrimEnd('/')}/dev-issuer", "api://unused", TimeProvider.System));
        builder.Services.AddLocalAcsEmail(options, time);
        LocalAcsFaultPlan.Register(builder.Services);
        var app = builder.Build();
        app.MapLocalAcsEmail();
        await app.StartAsync();
        return new LocalAcsEmailServer(app, options, endpoint);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (Directory.Exists(MailboxDirectory))
        {
            Directory.Delete(MailboxDirectory, recursive: true);
        }
    }
}
