using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Passwords;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Sessions;

/// <summary>
/// Sign-in (contract §2.2). Every refusal costs the same whatever the address: two point reads (email index and
/// account, a decoy key when unknown), the lockout's counters (<see cref="SignInLockout"/>), exactly one Argon2id
/// evaluation (a dummy one when there is no account), and the same 401 body. Unknown, pending, locked, wrong and
/// right-but-refused all take that one path; a lock is announced only by email. Only a sign-in that succeeds
/// does more (hand the attempt back, remember the client, write the session), which its 201 says anyway.
/// </summary>
public sealed class SignInService(
    IAccountStore accounts,
    AccountUpdater updater,
    RequestTokens tokens,
    ITokenKeyProvider keys,
    IPasswordHasher hasher,
    SignInLockout lockout,
    IOptions<RecoveryOptions> options,
    IOptions<ThrottleOptions> throttleOptions,
    TimeProvider time)
{
    [Refuses(nameof(ProblemCode.ValidationFailed), nameof(ProblemCode.RateLimited), nameof(ProblemCode.CredentialsInvalid), nameof(ProblemCode.Conflict))]
    public async Task<SessionGrant> SignInAsync(string email, string password, string clientAddress, CancellationToken cancellationToken = default)
    {
        if (!EmailCanonicalizer.TryCanonicalize(email, out var canonical))
        {
            throw DomainException.Validation("email", FieldCodes.EmailInvalid);
        }

        var now = time.GetUtcNow();
        var found = await accounts.FindByEmailAsync(canonical, cancellationToken);
        var ring = await keys.GetKeyRingAsync(cancellationToken);
        var active = found?.Account is { Status: AccountStatus.Active } a ? a : null;
        var familiar = active is not null && active.IsFamiliarClient(ring, clientAddress, now, throttleOptions.Value);
        var attempt = await lockout.BeginAsync(canonical, clientAddress, familiar, cancellationToken);

        bool passwordMatches;
        if (found is null)
        {
            hasher.DummyVerify(password);
            passwordMatches = false;
        }
        else
        {
            passwordMatches = hasher.Verify(password, found.Account.PasswordHash);
        }

        if (active is null || !passwordMatches || attempt.Locked || active.IsSignInLocked(now))
        {
            await lockout.FailedAsync(attempt, active, cancellationToken);
            throw Refused();
        }

        await lockout.SucceededAsync(attempt, cancellationToken);
        await updater.UpdateFromAsync(active.SubscriberNumber, found, current => AfterSignIn(current, password, ring, clientAddress, now), cancellationToken);
        var expiresAt = now + options.Value.SessionLifetime;
        var token = await tokens.IssueForAsync(TokenKind.Session, active, now, expiresAt, extendableUntil: now + options.Value.SessionMaxLifetime, cancellationToken: cancellationToken);
        return new SessionGrant(token, expiresAt);
    }

    /// <returns>See <see cref="Account.SignedIn"/>; null when nothing changes.</returns>
    private Account? AfterSignIn(Account account, string password, TokenKeyRing ring, string clientAddress, DateTimeOffset now)
        => account.SignedIn(
            ring,
            clientAddress,
            SecretFingerprints.OfPassword(ring, account.SubscriberNumber, password),
            hasher.NeedsRehash(account.PasswordHash) ? hasher.Hash(password) : null,
            throttleOptions.Value,
            now);

    private static DomainException Refused() => new(ProblemCode.CredentialsInvalid);
}
