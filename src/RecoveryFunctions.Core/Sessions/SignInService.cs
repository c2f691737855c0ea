using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Passwords;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Sessions;

/// <summary>
/// Sign-in (SPEC §2.2). Every refusal costs the same whatever the address: two point reads (email index and
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
        var familiar = active is not null && ClientFamiliarity.IsFamiliar(active, ring, clientAddress, now, throttleOptions.Value);
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

        if (active is null || !passwordMatches || attempt.Locked || SignInLockPolicy.IsLocked(active, now))
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

    /// <returns>The account with its failure count cleared, its hash renewed when the parameters changed, this client remembered and its password fingerprint current; null when nothing changes.</returns>
    private Account? AfterSignIn(Account account, string password, TokenKeyRing ring, string clientAddress, DateTimeOffset now)
    {
        var rehash = hasher.NeedsRehash(account.PasswordHash);
        var familiar = ClientFamiliarity.Remember(account, ring, clientAddress, now, throttleOptions.Value);

        // Accounts older than the fingerprint, or fingerprinted under a retired key, get it now (docs/security/contact-form.md).
        var fingerprint = SecretFingerprints.OfPassword(ring, account.SubscriberNumber, password);
        if (account.FailedSignIns == 0 && !rehash && familiar is null && fingerprint == account.PasswordFingerprint)
        {
            return null;
        }

        return account with
        {
            FailedSignIns = 0,
            PasswordHash = rehash ? hasher.Hash(password) : account.PasswordHash,
            FamiliarClients = familiar ?? account.FamiliarClients,
            PasswordFingerprint = fingerprint,
        };
    }

    private static DomainException Refused() => new(ProblemCode.CredentialsInvalid);
}
