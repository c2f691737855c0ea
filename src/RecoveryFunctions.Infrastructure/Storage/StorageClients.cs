using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// The real Azure SDK clients for tables and queues: from a connection string (Azurite) or from the
/// account name with the managed identity (Azure, shared keys disabled). Extra pipeline policies
/// (e.g. an operation counter in tests and benchmarks) are added to both.
/// </summary>
public sealed class StorageClients
{
    public StorageClients(IOptions<StorageOptions> options, IEnumerable<StoragePipelinePolicy> policies)
    {
        var settings = options.Value;
        var tableOptions = new TableClientOptions();
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        foreach (var policy in policies)
        {
            tableOptions.AddPolicy(policy.Policy, HttpPipelinePosition.PerCall);
            queueOptions.AddPolicy(policy.Policy, HttpPipelinePosition.PerCall);
        }

        if (!string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            Tables = new TableServiceClient(settings.ConnectionString, tableOptions);
            Queues = new QueueServiceClient(settings.ConnectionString, queueOptions);
        }
        else if (!string.IsNullOrWhiteSpace(settings.AccountName))
        {
            TokenCredential credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = settings.ManagedIdentityClientId });
            Tables = new TableServiceClient(new Uri($"https://{settings.AccountName}.table.core.windows.net"), credential, tableOptions);
            Queues = new QueueServiceClient(new Uri($"https://{settings.AccountName}.queue.core.windows.net"), credential, queueOptions);
        }
        else
        {
            throw new InvalidOperationException($"Storage is not configured: set '{StorageOptions.ConnectionStringKey}' (connection string) or '{StorageOptions.AccountNameKey}' (managed identity).");
        }
    }

    public TableServiceClient Tables { get; }

    public QueueServiceClient Queues { get; }
}
