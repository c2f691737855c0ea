using RecoveryFunctions.Core.Errors;

namespace RecoveryFunctions.Core.Accounts;

/// <summary>Read-modify-write of an account under its ETag, re-reading when another writer got there first.</summary>
public sealed class AccountUpdater(IAccountStore accounts)
{
    private const int MaxRaces = 10;

    /// <param name="change">Returns the new account, or null to leave it as it is.</param>
    /// <returns>The account as written (or as found when unchanged); null if it does not exist.</returns>
    public async Task<Account?> UpdateAsync(string subscriberNumber, Func<Account, Account?> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 0; attempt < MaxRaces; attempt++)
        {
            var current = await accounts.GetAsync(subscriberNumber, cancellationToken);
            if (current is null)
            {
                return null;
            }

            var updated = change(current.Account);
            if (updated is null)
            {
                return current.Account;
            }

            if (await accounts.TryUpdateAsync(updated, current.Version, cancellationToken))
            {
                return updated;
            }
        }

        throw new DomainException(ErrorCodes.Conflict, DomainErrorKind.Conflict);
    }
}
