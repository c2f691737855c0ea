using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Core.Errors;

namespace RecoveryFunctions.Core.Accounts;

/// <summary>
/// Read-modify-write of an account under its ETag, re-reading when another writer got there first: the one path by which
/// an existing account row is written (<see cref="IAccountStore.TryUpdateAsync"/>). The change is one of the account's
/// own methods (docs/architecture/account.md); it may run again on a fresh read, so it must only compute.
/// </summary>
public sealed class AccountUpdater(IAccountStore accounts)
{
    private const int MaxRaces = 10;

    /// <param name="change">Returns the new account, or null to leave it as it is.</param>
    /// <returns>The account as written (or as found when unchanged); null if it does not exist.</returns>
    public async Task<Account?> UpdateAsync(string subscriberNumber, Func<Account, Account?> change, CancellationToken cancellationToken = default)
        => (await UpdateFromAsync(subscriberNumber, null, change, cancellationToken))?.Account;

    /// <summary>
    /// As <see cref="UpdateAsync"/>, starting from an account already read (and its version), so a caller that
    /// has just read or written it does not pay for another read; re-reads only when the version is stale.
    /// </summary>
    public Task<VersionedAccount?> UpdateFromAsync(string subscriberNumber, VersionedAccount? current, Func<Account, Account?> change, CancellationToken cancellationToken = default)
        => UpdateFromAsync(subscriberNumber, current, change, null, cancellationToken);

    /// <summary>
    /// As <see cref="UpdateFromAsync(string, VersionedAccount?, Func{Account, Account?}, CancellationToken)"/>, with the
    /// audit event that records the change written in the same transaction (<see cref="IAccountStore.TryUpdateAsync"/>):
    /// it exists if and only if the change was written; a lost race writes neither, and the retry writes both.
    /// </summary>
    public async Task<VersionedAccount?> UpdateFromAsync(string subscriberNumber, VersionedAccount? current, Func<Account, Account?> change, AuditEvent? audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 0; attempt < MaxRaces; attempt++)
        {
            current ??= await accounts.GetAsync(subscriberNumber, cancellationToken);
            if (current is null)
            {
                return null;
            }

            var updated = change(current.Account);
            if (updated is null)
            {
                return current;
            }

            if (await accounts.TryUpdateAsync(updated, current.Version, audit, cancellationToken) is { } version)
            {
                return new VersionedAccount(updated, version);
            }

            current = null;
        }

        throw new DomainException(ProblemCode.Conflict);
    }
}
