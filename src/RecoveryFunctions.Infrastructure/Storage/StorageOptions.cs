using System.Text.RegularExpressions;
using RecoveryFunctions.Core.Options;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// Where tables and queues live. Either a connection string (Azurite, local) or an account name
/// reached with the managed identity (Azure). The names mirror the Functions host's own
/// <c>AzureWebJobsStorage</c> / <c>AzureWebJobsStorage__accountName</c> so one setting serves both.
/// </summary>
public sealed class StorageOptions
{
    public const string ConnectionStringKey = "AzureWebJobsStorage";
    public const string AccountNameKey = "AzureWebJobsStorage:accountName";

    public string? ConnectionString { get; set; }

    public string? AccountName { get; set; }

    /// <summary>Client id of the user-assigned managed identity (account-name mode).</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Prefix of every table name, so tests and environments can share one account.</summary>
    public string TablePrefix { get; set; } = "recovery";

    /// <summary>The email outbox queue; the queue trigger reads <c>%Storage:EmailQueueName%</c>.</summary>
    public string EmailQueueName { get; set; } = "email-outbox";

    /// <summary>
    /// The queue of notifications (emails nobody waits for to finish a step); the second queue trigger reads
    /// <c>%Storage:EmailNotificationQueueName%</c>. Time-critical emails stay on <see cref="EmailQueueName"/>.
    /// </summary>
    public string EmailNotificationQueueName { get; set; } = "email-notifications";

    /// <summary>
    /// Table family (the table's name without the prefix: <c>Throttles</c>, <c>Accounts</c>, …) → the connection name of
    /// the storage account holding it; several comma-separated for <c>Throttles</c> only, whose store picks the account
    /// by the partition's last (hash) character. A family not named stays on <c>AzureWebJobsStorage</c>, so local runs
    /// and tests have one account. The deadline night needs the spread (docs/operations/deadline-night.md).
    /// </summary>
    public Dictionary<string, string> Accounts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The connections <see cref="Accounts"/> names, read at start like <c>AzureWebJobsStorage</c> (see <see cref="StorageConnection"/>).</summary>
    public Dictionary<string, StorageConnection> Connections { get; } = new(StringComparer.Ordinal);

    /// <summary>The connection names of a family's accounts as configured (none: the default account).</summary>
    public IReadOnlyList<string> ConnectionNamesOf(string family)
        => Accounts.TryGetValue(family, out var names) ? names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [];
}

/// <summary>
/// One more storage account, named like <c>AzureWebJobsStorage</c>: <c>&lt;name&gt;</c> a connection string (Azurite,
/// local), or <c>&lt;name&gt;__accountName</c> reached with the app's managed identity (Azure).
/// </summary>
public sealed record StorageConnection(string? ConnectionString, string? AccountName);

public sealed partial class StorageOptionsValidator() : OptionsValidator<StorageOptions>("Storage")
{
    /// <summary>What the queue trigger appends for messages it gives up on (the Functions host's poison queue).</summary>
    private const string PoisonSuffix = "-poison";

    protected override void Check(StorageOptions options, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString) && string.IsNullOrWhiteSpace(options.AccountName))
        {
            failures.Add($"Storage is not configured: set '{StorageOptions.ConnectionStringKey}' or '{StorageOptions.AccountNameKey}'.");
        }

        if (!TablePrefix().IsMatch(options.TablePrefix ?? ""))
        {
            failures.Add($"{Key(nameof(options.TablePrefix))} must be letters and digits, starting with a letter.");
        }

        foreach (var (property, name) in new[] { (nameof(options.EmailQueueName), options.EmailQueueName), (nameof(options.EmailNotificationQueueName), options.EmailNotificationQueueName) })
        {
            // Azure Storage queue names: 3-63 lowercase letters, digits and single hyphens, a letter or digit at each end;
            // the poison queue's name must fit too.
            if (!QueueName().IsMatch(name ?? "") || name!.Length + PoisonSuffix.Length > 63)
            {
                failures.Add($"{Key(property)} must be a queue name of 3 to {63 - PoisonSuffix.Length} lowercase letters, digits and single hyphens, starting and ending with a letter or digit (got '{name}').");
            }
        }

        if (string.Equals(options.EmailQueueName, options.EmailNotificationQueueName, StringComparison.Ordinal))
        {
            failures.Add($"{Key(nameof(options.EmailNotificationQueueName))} must differ from {Key(nameof(options.EmailQueueName))}.");
        }

        foreach (var family in options.Accounts.Keys)
        {
            var names = options.ConnectionNamesOf(family);
            if (!TableNames.Families.Contains(family))
            {
                failures.Add($"{Key(nameof(options.Accounts))}:{family} is not a table family ({string.Join(", ", TableNames.Families)}).");
            }
            else if (names.Count == 0 || (names.Count > 1 && family != TableNames.ThrottlesFamily) || names.Distinct(StringComparer.Ordinal).Count() != names.Count)
            {
                failures.Add($"{Key(nameof(options.Accounts))}:{family} must name one connection (several distinct ones for {TableNames.ThrottlesFamily} only).");
            }

            foreach (var name in names.Where(n => n != StorageOptions.ConnectionStringKey
                && !(options.Connections.TryGetValue(n, out var c) && (!string.IsNullOrWhiteSpace(c.ConnectionString) || !string.IsNullOrWhiteSpace(c.AccountName)))))
            {
                failures.Add($"{Key(nameof(options.Accounts))}:{family} names '{name}', which is not configured: set '{name}' (connection string) or '{name}:accountName' (managed identity).");
            }
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,40}$")]
    private static partial Regex TablePrefix();

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$")]
    private static partial Regex QueueName();
}
