using RecoveryFunctions.LocalHost.Azurite;
using RecoveryFunctions.LocalHost.Hosting;

// `dotnet run --project src/RecoveryFunctions.LocalHost`: the whole system on http://localhost:7071.
var mailbox = Path.Combine(RepositoryRoot.Find(), ".local", "mailbox");
Directory.CreateDirectory(mailbox);
await using var host = await LocalHostApp.StartAsync(new LocalHostSettings { MailboxDirectory = mailbox }, args);
Console.WriteLine($"Recovery backend listening on {host.BaseAddress} (functions under /api, admin under /admin/functions/{{name}}).");
Console.WriteLine($"Emails are written as .eml files to {mailbox}");
await host.App.WaitForShutdownAsync();
