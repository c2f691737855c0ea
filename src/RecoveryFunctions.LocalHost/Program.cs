using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.DevServices.Azurite;
using RecoveryFunctions.DevServices.Issuer;
using RecoveryFunctions.DevServices.Web;
using RecoveryFunctions.LocalHost;

// `dotnet run --project src/RecoveryFunctions.LocalHost [-- --port 7071 --site-port 5173 --Section:Key=value ...]`:
// the whole system: the API on http://localhost:7071, the front ends on http://localhost:5173 (their own origin,
// as in Azure). Any setting can be overridden on the command line.
var commandLine = new ConfigurationBuilder().AddCommandLine(args).Build();
var port = commandLine["port"] is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : 7071;
var sitePort = commandLine["site-port"] is { } siteValue ? int.Parse(siteValue, CultureInfo.InvariantCulture) : 5173;
var mailbox = Path.Combine(RepositoryRoot.Find(), ".local", "mailbox");
Directory.CreateDirectory(mailbox);
await using var host = await LocalHostApp.StartAsync(
    new LocalHostSettings { Port = port, MailboxDirectory = mailbox, Overrides = LocalSiteSettings.ApiOverrides(sitePort) }, args);
await using var site = await LocalSite.StartAsync(sitePort, host.BaseAddress, mailbox);
Console.WriteLine($"Recovery backend listening on {host.BaseAddress} (functions under /api, admin under /admin/functions/{{name}}).");
Console.WriteLine($"Emails are written as .eml files to {mailbox}");
Console.WriteLine($"Holder's site:      {site.BaseAddress}");
Console.WriteLine($"Helpdesk console:   {new Uri(site.BaseAddress, "assistance/")}");
Console.WriteLine($"Mailbox (local):    {new Uri(site.BaseAddress, LocalMailboxPage.Path.TrimStart('/'))}");
var (agentToken, agentTokenExpiresAt) = host.Services.GetRequiredService<DevelopmentIssuer>().CreateToken("Agent Démo");
Console.WriteLine($"Helpdesk token for \"Agent Démo\" (role Recovery.Assistance, valid until {agentTokenExpiresAt:u}; more from POST /dev-issuer/token {{\"name\":\"...\"}}):");
Console.WriteLine(agentToken);
Console.WriteLine("Agent calls also need the header X-Assistance-Reason (10 to 500 characters; non-ASCII as UTF-8''percent-encoded).");
await host.App.WaitForShutdownAsync();
