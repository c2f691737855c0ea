namespace RecoveryFunctions.Core.Options;

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
}
