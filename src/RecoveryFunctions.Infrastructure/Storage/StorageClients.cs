using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// The real Azure SDK clients for tables and queues: from a connection string (Azurite) or from the
/// account name with the managed identity (Azure, shared keys disabled). Extra pipeline policies
/// (e.g. an operation counter in tests and benchmarks) are added to both, each at its position.
/// </summary>
public sealed class StorageClients
{
    private readonly Dictionary<string, SpreadTable.Accounts> _families = new(StringComparer.Ordinal);
    private readonly string _prefix;

    public StorageClients(IOptions<StorageOptions> options, IEnumerable<StoragePipelinePolicy> policies)
    {
        var settings = options.Value;
        _prefix = settings.TablePrefix;
        var tableOptions = new TableClientOptions();
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };

        // Added first, so it is the outermost per-call policy: the others see the service's real answer.
        tableOptions.AddPolicy(new InsertIfAbsent.Policy(), HttpPipelinePosition.PerCall);
        foreach (var policy in policies)
        {
            tableOptions.AddPolicy(policy.Policy, policy.Position);
            queueOptions.AddPolicy(policy.Policy, policy.Position);
        }

        TokenCredential Credential() => new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = settings.ManagedIdentityClientId });
        if (!string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            Tables = new TableServiceClient(settings.ConnectionString, tableOptions);
            Queues = new QueueServiceClient(settings.ConnectionString, queueOptions);
        }
        else if (!string.IsNullOrWhiteSpace(settings.AccountName))
        {
            Tables = new TableServiceClient(new Uri($"https://{settings.AccountName}.table.core.windows.net"), Credential(), tableOptions);
            Queues = new QueueServiceClient(new Uri($"https://{settings.AccountName}.queue.core.windows.net"), Credential(), queueOptions);
        }
        else
        {
            throw new InvalidOperationException($"Storage is not configured: set '{StorageOptions.ConnectionStringKey}' (connection string) or '{StorageOptions.AccountNameKey}' (managed identity).");
        }

        // The table families placed on other accounts (Storage:Accounts); the queues stay with the Functions host's own.
        foreach (var family in settings.Accounts.Keys)
        {
            var names = settings.ConnectionNamesOf(family);
            _families[family] = new SpreadTable.Accounts(names, [.. names.Select(name => name == StorageOptions.ConnectionStringKey ? Tables
                : settings.Connections[name] is { ConnectionString: { Length: > 0 } connection } ? new TableServiceClient(connection, tableOptions)
                : new TableServiceClient(new Uri($"https://{settings.Connections[name].AccountName}.table.core.windows.net"), Credential(), tableOptions))]);
        }
    }

    /// <summary>The default account's tables (<c>AzureWebJobsStorage</c>); a store reaches its own through <see cref="Table"/>.</summary>
    public TableServiceClient Tables { get; }

    public QueueServiceClient Queues { get; }

    /// <summary>A table on the account its family is configured on (<see cref="StorageOptions.Accounts"/>).</summary>
    /// <exception cref="InvalidOperationException">The family is spread over several accounts: use <see cref="Spread"/>.</exception>
    public TableClient Table(string tableName)
    {
        var spread = Spread(tableName);
        return spread.All.Count == 1 ? spread.All[0] : throw new InvalidOperationException($"{tableName} is spread over {spread.All.Count} accounts: reach it by partition.");
    }

    /// <summary>A table on each account its family is spread over (one unless configured otherwise), by partition.</summary>
    public SpreadTable Spread(string tableName)
        => _families.TryGetValue(FamilyOf(tableName), out var accounts)
            ? new SpreadTable([.. accounts.Clients.Select(c => c.GetTableClient(tableName))], accounts.Names)
            : new SpreadTable([Tables.GetTableClient(tableName)], [StorageOptions.ConnectionStringKey]);

    private string FamilyOf(string table) => table.StartsWith(_prefix, StringComparison.Ordinal) ? table[_prefix.Length..] : table;
}

/// <summary>
/// One table on the account(s) its family lives on. Spread over several, a partition's account is chosen by its last
/// character, a hash character in the throttle store's partitions (<c>{bucket}_{2 HMAC chars}</c>): a counter's rows of
/// this window and of the previous one (same characters) share an account, and each batch (one partition) stays whole.
/// </summary>
public sealed class SpreadTable(IReadOnlyList<TableClient> all, IReadOnlyList<string> connectionNames)
{
    /// <summary>The table on every account, in the configured order (the cleanup sweeps each).</summary>
    public IReadOnlyList<TableClient> All { get; } = all;

    /// <summary>The connection name of each account of <see cref="All"/>.</summary>
    public IReadOnlyList<string> ConnectionNames { get; } = connectionNames;

    public TableClient For(string partitionKey) => All[IndexOf(partitionKey)];

    public int IndexOf(string partitionKey)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        return partitionKey.Length == 0 ? 0 : partitionKey[^1] % All.Count;
    }

    internal sealed record Accounts(IReadOnlyList<string> Names, IReadOnlyList<TableServiceClient> Clients);
}
