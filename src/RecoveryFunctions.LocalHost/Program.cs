using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.DevServices;
using RecoveryFunctions.DevServices.Azurite;
using RecoveryFunctions.DevServices.FranceConnect;
using RecoveryFunctions.DevServices.Issuer;
using RecoveryFunctions.DevServices.Web;
using RecoveryFunctions.LocalHost;

// `dotnet run --project src/RecoveryFunctions.LocalHost [-- --port 7071 --site-port 5173 --Section:Key=value ...]`:
// the whole system: the API on http://localhost:7071, the front ends on http://localhost:5173 (their own origin,
// as in Azure). Any setting can be overridden on the command line.
var started = Stopwatch.GetTimestamp();
var commandLine = new ConfigurationBuilder().AddCommandLine(args).Build();
var port = commandLine["port"] is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : 7071;
var sitePort = commandLine["site-port"] is { } siteValue ? int.Parse(siteValue, CultureInfo.InvariantCulture) : 5173;
var mailbox = Path.Combine(RepositoryRoot.Find(), ".local", "mailbox");
Directory.CreateDirectory(mailbox);

// One line per stage on the console; the hosts' own "Now listening on" lines would cut them, and the addresses follow.
var stages = new StartupStages(Console.Out);
var overrides = new Dictionary<string, string?>(LocalSiteSettings.ApiOverrides(sitePort)) { ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning" };
Console.WriteLine("Built. Starting the local system (Ctrl+C stops it):");
await using var host = await LocalHostApp.StartAsync(
    new LocalHostSettings { Port = port, MailboxDirectory = mailbox, Overrides = overrides, Stages = stages }, args);
await WebVendorFiles.EnsureAsync(stages);
await using var site = await stages.RunAsync(
    $"Starting the front ends and the mailbox page on port {sitePort}", () => LocalSite.StartAsync(sitePort, host.BaseAddress, mailbox, service: host.Services.GetRequiredService<IOptions<ServiceOptions>>().Value));
Console.WriteLine($"Ready in {StartupStages.Duration(Stopwatch.GetElapsedTime(started))}.");
Console.WriteLine();
if (host.DemoSubscriberNumber is { } subscriberNumber)
{
    Console.WriteLine(DemoAccount.Describe(subscriberNumber, mailbox));
}

Console.WriteLine($"Recovery backend listening on {host.BaseAddress} (functions under /api, admin under /admin/functions/{{name}}).");
Console.WriteLine($"Emails are written as .eml files to {mailbox}");
Console.WriteLine($"Holder's site:      {site.BaseAddress}");
Console.WriteLine($"Helpdesk console:   {new Uri(site.BaseAddress, "assistance/")}");
Console.WriteLine($"Mailbox (local):    {new Uri(site.BaseAddress, LocalMailboxPage.Path.TrimStart('/'))}");
Console.WriteLine($"FranceConnect (local provider, v2 paths): {host.FranceConnect.Authority}/.well-known/openid-configuration");
Console.WriteLine($"  test identities: {string.Join("; ", LocalFranceConnectProcess.TestIdentities.Select(identity => identity.Describe()))}");
var (agentToken, agentTokenExpiresAt) = host.Services.GetRequiredService<DevelopmentIssuer>().CreateToken("Agent Démo");
Console.WriteLine($"Helpdesk token for \"Agent Démo\" (role Recovery.Assistance, valid until {agentTokenExpiresAt:u}; more from POST /dev-issuer/token {{\"name\":\"...\"}}):");
Console.WriteLine(agentToken);
Console.WriteLine("Agent calls also need the header X-Assistance-Reason (10 to 500 characters; non-ASCII as UTF-8''percent-encoded).");
await host.App.WaitForShutdownAsync();
