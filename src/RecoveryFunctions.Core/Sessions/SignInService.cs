using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Passwords;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Sessions;

/// <summary>
/// Sign-in (SPEC §2.2). Unknown, pending, locked and wrong-password attempts all cost one Argon2id
/// verification and get the same 401 body; a lock is never announced in the response, only by email.
/// </summary>
public sealed class SignInService(
    IAccountStore accounts,
    AccountUpdater updater,
    ITokenStore tokens,
    IPasswordHasher hasher,
    SignInFailureRecorder failures,
    IOptions<RecoveryOptions> options,
    TimeProvider time)
{
    public async Task<SessionGrant> SignInAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        if (!EmailCanonicalizer.TryCanonicalize(email, out var canonical))
        {
            throw DomainException.Validation("email", ErrorCodes.EmailInvalid);
        }

        var found = await accounts.FindByEmailAsync(canonical, cancellationToken);
        if (found is null || found.Account.Status != AccountStatus.Active)
        {
            hasher.DummyVerify(password);
            throw Refused();
        }

        var account = found.Account;
        var now = time.GetUtcNow();
        var passwordMatches = hasher.Verify(password, account.PasswordHash);
        if (SignInLockPolicy.IsLocked(account, now))
        {
            throw Refused();
        }

        if (!passwordMatches)
        {
            await failures.RecordAsync(account.SubscriberNumber, now, cancellationToken);
            throw Refused();
        }

        await updater.UpdateAsync(account.SubscriberNumber, a => ResetAndRehash(a, password), cancellationToken);
        var expiresAt = now + options.Value.SessionLifetime;
        var token = await tokens.IssueForAsync(TokenKind.Session, account, now, expiresAt, extendableUntil: now + options.Value.SessionMaxLifetime, cancellationToken: cancellationToken);
        return new SessionGrant(token, expiresAt);
    }

    private Account? ResetAndRehash(Account account, string password)
    {
        var rehash = hasher.NeedsRehash(account.PasswordHash);
        if (account.FailedSignIns == 0 && !rehash)
        {
            return null;
        }

        return account with
        {
            FailedSignIns = 0,
            PasswordHash = rehash ? hasher.Hash(password) : account.PasswordHash,
        };
    }

    private static DomainException Refused() => new(ErrorCodes.CredentialsInvalid, DomainErrorKind.Unauthorized);
}
