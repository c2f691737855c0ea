using Microsoft.Extensions.Options;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>Table and queue names, all derived from one prefix so environments and tests can share an account.</summary>
public sealed class TableNames(IOptions<StorageOptions> options)
{
    private readonly string _prefix = options.Value.TablePrefix;

    public string Accounts => _prefix + "Accounts";

    public string EmailIndex => _prefix + "EmailIndex";

    public string Tokens => _prefix + "Tokens";

    public string Throttles => _prefix + "Throttles";

    public string Audit => _prefix + "Audit";

    /// <summary>Expiry markers of pending accounts, partitioned by expiry bucket like the tokens.</summary>
    public string PendingAccounts => _prefix + "PendingAccounts";

    /// <summary>Online assistance requests: open ones in one partition, closed ones by the expiry bucket of their retention.</summary>
    public string AssistanceRequests => _prefix + "AssistanceRequests";

    /// <summary>Passkey credential id → subscriber number (docs/security/passkeys.md).</summary>
    public string PasskeyIndex => _prefix + "PasskeyIndex";

    /// <summary>FranceConnect bindings: keyed hashes by account and by identity (TableFranceConnectBindingStore).</summary>
    public string FranceConnectBindings => _prefix + "FranceConnectBindings";

    public string EmailQueue => options.Value.EmailQueueName;

    public string EmailPoisonQueue => options.Value.EmailQueueName + "-poison";

    public string EmailNotificationQueue => options.Value.EmailNotificationQueueName;

    public string EmailNotificationPoisonQueue => options.Value.EmailNotificationQueueName + "-poison";

    public IEnumerable<string> AllQueues => [EmailQueue, EmailPoisonQueue, EmailNotificationQueue, EmailNotificationPoisonQueue];

    public IEnumerable<string> AllTables => Families.Select(f => _prefix + f);

    /// <summary>Every table's name without the prefix: the families <see cref="StorageOptions.Accounts"/> places on accounts.</summary>
    public static readonly IReadOnlyList<string> Families = ["Accounts", "EmailIndex", "Tokens", ThrottlesFamily, "Audit", "PendingAccounts", "AssistanceRequests", "PasskeyIndex", "FranceConnectBindings"];

    /// <summary>The one family that may be spread over several accounts (its store routes each partition).</summary>
    public const string ThrottlesFamily = "Throttles";
}
