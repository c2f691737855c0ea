using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RecoveryFunctions.LocalHost.Assistance;
using RecoveryFunctions.LocalHost.Azurite;
using RecoveryFunctions.LocalHost.Hosting;

// `dotnet run --project src/RecoveryFunctions.LocalHost [-- --port 7071 --Section:Key=value ...]`:
// the whole system on http://localhost:7071. Any setting can be overridden on the command line.
var port = new ConfigurationBuilder().AddCommandLine(args).Build()["port"] is { } value
    ? int.Parse(value, CultureInfo.InvariantCulture)
    : 7071;
var mailbox = Path.Combine(RepositoryRoot.Find(), ".local", "mailbox");
Directory.CreateDirectory(mailbox);
await using var host = await LocalHostApp.StartAsync(new LocalHostSettings { Port = port, MailboxDirectory = mailbox }, args);
Console.WriteLine($"Recovery backend listening on {host.BaseAddress} (functions under /api, admin under /admin/functions/{{name}}).");
Console.WriteLine($"Emails are written as .eml files to {mailbox}");
var (agentToken, agentTokenExpiresAt) = host.Services.GetRequiredService<DevelopmentIssuer>().CreateToken("Agent Démo");
Console.WriteLine($"Helpdesk token for \"Agent Démo\" (role Recovery.Assistance, valid until {agentTokenExpiresAt:u}; more from POST /dev-issuer/token {{\"name\":\"...\"}}):");
Console.WriteLine(agentToken);
Console.WriteLine("Agent calls also need the header X-Assistance-Reason (10 to 500 characters; non-ASCII as UTF-8''percent-encoded).");
await host.App.WaitForShutdownAsync();
