using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RecoveryFunctions.LocalHost.Email;

namespace RecoveryFunctions.Tests.Email;

/// <summary>The local ACS Email endpoint on Kestrel at a free port, with its own key and temporary mailbox.</summary>
internal sealed class LocalAcsEmailServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalAcsEmailServer(WebApplication app, string accessKey, string mailboxDirectory, Uri endpoint)
    {
        _app = app;
        AccessKey = accessKey;
        MailboxDirectory = mailboxDirectory;
        Endpoint = endpoint;
    }

    public string AccessKey { get; }

    public string MailboxDirectory { get; }

    public Uri Endpoint { get; }

    public LocalAcsFaultPlan Faults => _app.Services.GetRequiredService<LocalAcsFaultPlan>();

    public LocalMailbox Mailbox => _app.Services.GetRequiredService<LocalMailbox>();

    public static async Task<LocalAcsEmailServer> StartAsync()
    {
        var accessKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var mailbox = Path.Combine(Path.GetTempPath(), "acs-mailbox-" + Guid.NewGuid().ToString("N"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Services.AddLocalAcsEmail(new LocalAcsEmailOptions { AccessKey = accessKey, MailboxDirectory = mailbox });
        var app = builder.Build();
        app.MapLocalAcsEmail();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LocalAcsEmailServer(app, accessKey, mailbox, new Uri(address));
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
