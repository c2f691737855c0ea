using System.Collections.Concurrent;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Core.Cleanup;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.TestSupport.InMemory;

/// <summary>
/// The tables the in-memory adapters share, laid out as the Table adapters lay theirs (same partition and row keys where
/// the layout carries a rule: expiry buckets, the open partition, inverted ticks), so the sweeper finds expired rows by
/// key range as the real one does. <see cref="Operations"/> logs every operation as the storage request it stands for.
/// </summary>
public sealed class InMemoryStorage
{
    private readonly ConcurrentQueue<StorageRequest> _operations = new();
    private long _version;

    public InMemoryStorage()
    {
        Accounts = new(nameof(Accounts), this);
        EmailIndex = new(nameof(EmailIndex), this);
        Tokens = new(nameof(Tokens), this);
        Throttles = new(nameof(Throttles), this);
        Audit = new(nameof(Audit), this);
        AccountAudit = new(nameof(Accounts), this);
        PendingAccounts = new(nameof(PendingAccounts), this);
        AssistanceRequests = new(nameof(AssistanceRequests), this);
        PasskeyIndex = new(nameof(PasskeyIndex), this);
    }

    public InMemoryTable<Account> Accounts { get; }

    /// <summary>Canonical email → subscriber number.</summary>
    public InMemoryTable<string> EmailIndex { get; }

    public InMemoryTable<TokenRecord> Tokens { get; }

    public InMemoryTable<ThrottleCount> Throttles { get; }

    public InMemoryTable<AuditEvent> Audit { get; }

    /// <summary>The audit rows kept beside the accounts (rows of the Accounts table in the Table adapter: AuditPlacement).</summary>
    public InMemoryTable<AuditEvent> AccountAudit { get; }

    public InMemoryTable<PendingAccountMarker> PendingAccounts { get; }

    public InMemoryTable<AssistanceRow> AssistanceRequests { get; }

    /// <summary>Passkey credential id (hashed as the Table adapter does) → subscriber number.</summary>
    public InMemoryTable<string> PasskeyIndex { get; }

    /// <summary>Every operation so far, as "METHOD table" requests (point reads flagged), in the order they ran.</summary>
    public IReadOnlyCollection<StorageRequest> Operations => _operations;

    public void ClearOperations() => _operations.Clear();

    internal string NextVersion() => $"W/\"{Interlocked.Increment(ref _version)}\"";

    internal void Log(string method, string resource, bool pointRead = false)
        => _operations.Enqueue(new StorageRequest(method, resource, null, pointRead, []));
}

/// <summary>A throttle window's count, and when it stops mattering.</summary>
public sealed record ThrottleCount(int Count, DateTimeOffset ExpiresAt);

/// <summary>A row of the assistance table: an open or closed request, or a fold marker naming the request it folds into.</summary>
public sealed record AssistanceRow(Core.Assistance.Requests.AssistanceRequest? Request, string? Outcome = null, DateTimeOffset? ClosedAt = null, string? FoldInto = null);
