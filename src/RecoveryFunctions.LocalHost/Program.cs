using System.Globalization;
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
await host.App.WaitForShutdownAsync();
