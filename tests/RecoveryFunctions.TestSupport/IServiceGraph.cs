using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Email;

namespace RecoveryFunctions.TestSupport;

/// <summary>
/// The app's real Core services wired to a set of storage adapters, on a manual clock: what a contract suite or a
/// use-case test needs, whichever adapters it runs on (<see cref="ServiceGraphFixture"/>: Table Storage on Azurite;
/// <see cref="InMemory.InMemoryServiceGraph"/>: the in-memory adapters).
/// </summary>
public interface IServiceGraph
{
    IServiceProvider Services { get; }

    /// <summary>A service resolved in a new request's DI scope, as the worker resolves it per invocation.</summary>
    T Request<T>()
        where T : notnull;

    ManualTimeProvider Time { get; }

    /// <summary>Every Argon2id evaluation the graph makes.</summary>
    CountingPasswordHasher Hashes { get; }

    /// <summary>The storage operations made since the last <see cref="ClearOperations"/>, in order (table names as each adapter names them).</summary>
    IReadOnlyCollection<StorageRequest> Operations { get; }

    void ClearOperations();

    /// <inheritdoc cref="ServiceGraphFixture.CreateAccountAsync"/>
    Task<string> CreateAccountAsync(AccountStatus status, DateTimeOffset? recoveryLockedUntil = null, DateTimeOffset? signInLockedUntil = null, bool fingerprinted = true);

    /// <summary>Takes every message waiting on both outbox lanes (time-critical first), each seen once.</summary>
    Task<List<OutboxEmail>> DrainOutboxAsync();
}
