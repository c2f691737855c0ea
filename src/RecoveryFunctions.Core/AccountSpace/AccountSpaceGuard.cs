using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Passwords;
using RecoveryFunctions.Core.Sessions;

namespace RecoveryFunctions.Core.AccountSpace;

/// <summary>
/// What every account-space change goes through: the current password checked again (a session alone is
/// not enough to change credentials), and the write made only while the session's security stamp holds.
/// </summary>
public sealed class AccountSpaceGuard(IPasswordHasher hasher, AccountUpdater updater, SignInFailureRecorder failures, TimeProvider time)
{
    /// <summary>Throws <c>password-incorrect</c> for a wrong password, counted like a failed sign-in.</summary>
    public async Task RequirePasswordAsync(Account account, string currentPassword, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var now = time.GetUtcNow();
        var matches = hasher.Verify(currentPassword ?? string.Empty, account.PasswordHash);

        // Locked refuses even the right password, as sign-in does, so guessing here gains nothing while locked.
        if (account.IsSignInLocked(now))
        {
            throw Incorrect();
        }

        if (!matches)
        {
            await failures.RecordAsync(account.SubscriberNumber, now, cancellationToken);
            throw Incorrect();
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the account as stored, under its ETag. If the stamp moved since the
    /// session was checked (a password changed meanwhile), the session is dead and nothing is written.
    /// </summary>
    public async Task<Account> ApplyAsync(Account account, Func<Account, Account> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(change);
        var updated = await updater.UpdateAsync(account.SubscriberNumber, current =>
            current.SecurityStamp == account.SecurityStamp && current.Status == AccountStatus.Active
                ? change(current).ClearSignInFailures()
                : throw SessionInvalid(), cancellationToken);
        return updated ?? throw SessionInvalid();
    }

    private static DomainException Incorrect() => new(ProblemCode.PasswordIncorrect);

    public static DomainException SessionInvalid() => new(ProblemCode.SessionInvalid);
}
