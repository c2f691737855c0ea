using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Core.Passkeys;
using RecoveryFunctions.Core.RecoveryCodes;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Accounts;

/// <summary>
/// A holder's account and the rules that change it (docs/architecture/account.md). Immutable: every rule is a method
/// that returns the next account (null where "nothing to write" saves a write), which <see cref="AccountUpdater"/>
/// saves under the ETag it was read at, re-running the method on a fresh read when another writer got there first.
/// The properties are settable only to build an account (registration, <see cref="Register"/>) or to restore a stored
/// one (the storage mapper, test fixtures); no step changes one with a <c>with</c> expression (AccountRulesPlacementTests).
/// <see cref="SecurityStamp"/> changes with the password; every session and emailed token records the stamp it was
/// issued under, so bumping it revokes them all with one write.
/// </summary>
public sealed record Account
{
    /// <summary>Wrong answers are counted in a window that opens with the first one (contract §2.3).</summary>
    public static readonly TimeSpan WrongAnswerWindow = TimeSpan.FromHours(24);

    /// <summary>A familiar client seen again within this time is not rewritten: one account write a day at most.</summary>
    private static readonly TimeSpan FamiliarClientRefreshAfter = TimeSpan.FromDays(1);

    /// <summary>Sign-in locks double up to 2^10 times the first one, then stay there.</summary>
    private const int MaxSignInLockDoublings = 10;

    public required string SubscriberNumber { get; init; }
    public required string Email { get; init; }
    public required AccountStatus Status { get; init; }
    public required string PasswordHash { get; init; }
    public required int SecurityQuestionId { get; init; }
    public required string SecurityAnswerHash { get; init; }
    public string? Phone { get; init; }
    public required string Language { get; init; }
    public required DateTimeOffset RegisteredAt { get; init; }
    public DateTimeOffset? ActivatedAt { get; init; }
    public DateTimeOffset? PasswordChangedAt { get; init; }

    /// <summary>Stored password hashes, newest first, the current one included.</summary>
    public IReadOnlyList<string> PasswordHistory { get; init; } = [];
    public required long SecurityStamp { get; init; }
    public int FailedSignIns { get; init; }
    public int SignInLockCount { get; init; }
    public DateTimeOffset? SignInLockedUntil { get; init; }

    /// <summary>Client addresses this account signed in from (keyed hashes, newest first): its familiar clients.</summary>
    public IReadOnlyList<FamiliarClient> FamiliarClients { get; init; } = [];
    /// <summary>Keyed 40-bit fingerprints of the password and the answer (<see cref="SecretFingerprints"/>); null on accounts not seen since they were introduced.</summary>
    public string? PasswordFingerprint { get; init; }
    public string? AnswerFingerprint { get; init; }
    public int WrongAnswers { get; init; }
    public DateTimeOffset? WrongAnswersWindowStart { get; init; }
    public DateTimeOffset? RecoveryLockedUntil { get; init; }

    /// <summary>
    /// The post-mailbox flow whose security answer was given right, as a keyed hash of its id (never the id), and when:
    /// the answer step records it here instead of moving the flow row (docs/decisions/0011).
    /// </summary>
    public string? AnsweredFlow { get; init; }
    public DateTimeOffset? AnsweredFlowAt { get; init; }

    /// <summary>
    /// The last recovery flow whose new password was set, as the same keyed hash of its id (never the id): the reset
    /// writes it here instead of closing the flow row, so a replay of that flow is told <c>link-used</c>, not
    /// <c>link-expired</c> (docs/decisions/0011, "The completed flow"). Kept by a password change from the account space.
    /// </summary>
    public string? CompletedFlow { get; init; }

    /// <summary>The unused saved recovery codes, as keyed hashes (<see cref="RecoveryCodeFormat.Hash"/>); empty when none.</summary>
    public IReadOnlyList<string> RecoveryCodes { get; init; } = [];

    /// <summary>When the current set of recovery codes was generated; null when the holder never made one.</summary>
    public DateTimeOffset? RecoveryCodesCreatedAt { get; init; }

    /// <summary>The WebAuthn user handle (base64url of 32 random bytes, no personal data: WebAuthn L3 §14.6.1); null until the first passkey.</summary>
    public string? PasskeyUserHandle { get; init; }

    /// <summary>The holder's passkeys (docs/security/passkeys.md); empty when none.</summary>
    public IReadOnlyList<Passkey> Passkeys { get; init; } = [];

    /// <summary>Each recovery factor and whether an account has it enrolled: a new factor is one more line.</summary>
    private static readonly (RecoveryFactor Factor, Func<Account, bool> Enrolled)[] FactorEnrollment =
    [
        (RecoveryFactor.RecoveryCode, a => a.RecoveryCodes.Count > 0),
        (RecoveryFactor.Passkey, a => a.Passkeys.Count > 0),
    ];

    /// <summary>
    /// The factors the holder enrolled, in <see cref="RecoveryFactor"/> order: under the ASVS profile a reset passes
    /// through one of them after the mailbox proof (ASVS 6.4.3).
    /// </summary>
    public IReadOnlyList<RecoveryFactor> EnrolledFactors() => [.. FactorEnrollment.Where(f => f.Enrolled(this)).Select(f => f.Factor)];

    // ---- Birth and activation ----

    /// <summary>
    /// A new pending account: stamp 1, its first password as the whole history, both secrets fingerprinted. Under the ASVS
    /// profile there is no question: id 0, an empty answer hash (no answer ever matches it) and no answer fingerprint.
    /// </summary>
    public static Account Register(
        string subscriberNumber,
        string email,
        string passwordHash,
        string passwordFingerprint,
        int securityQuestionId,
        string securityAnswerHash,
        string? answerFingerprint,
        string? phone,
        string language,
        DateTimeOffset now) => new()
    {
        SubscriberNumber = subscriberNumber,
        Email = email,
        Status = AccountStatus.Pending,
        PasswordHash = passwordHash,
        SecurityQuestionId = securityQuestionId,
        SecurityAnswerHash = securityAnswerHash,
        PasswordFingerprint = passwordFingerprint,
        AnswerFingerprint = answerFingerprint,
        Phone = phone,
        Language = language,
        RegisteredAt = now,
        PasswordHistory = [passwordHash],
        SecurityStamp = 1,
    };

    /// <summary>The mailbox is proven; null when the account is already active (nothing to write).</summary>
    public Account? Activate(DateTimeOffset now)
        => Status == AccountStatus.Active ? null : this with { Status = AccountStatus.Active, ActivatedAt = now };

    // ---- Wrong answers and the recovery lock (contract §2.3: 3 per account per 24 hours, across flows, lock for 24 hours) ----

    /// <summary>Wrong answers counted in the window still open at <paramref name="now"/>.</summary>
    public int WrongAnswersInWindow(DateTimeOffset now)
        => WrongAnswersWindowStart is { } start && now - start < WrongAnswerWindow ? WrongAnswers : 0;

    public int AnswerAttemptsLeft(ThrottleOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Math.Max(0, options.WrongAnswersBeforeLock - WrongAnswersInWindow(now));
    }

    public bool IsRecoveryLocked(DateTimeOffset now) => RecoveryLockedUntil is { } until && until > now;

    /// <summary>
    /// Counts one attempt *before* the answer is checked, so parallel guesses cannot get more compared than the limit.
    /// </summary>
    /// <exception cref="DomainException"><c>recovery-locked</c> when no attempt is left or recovery is locked.</exception>
    public Account CountAnswerAttempt(ThrottleOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        var count = WrongAnswersInWindow(now);
        if (count >= options.WrongAnswersBeforeLock || IsRecoveryLocked(now))
        {
            throw RecoveryLocked();
        }

        return this with
        {
            WrongAnswers = count + 1,
            WrongAnswersWindowStart = count == 0 ? now : WrongAnswersWindowStart,
        };
    }

    /// <summary>A right answer does not count against the holder: its attempt is handed back (the window stays).</summary>
    public Account RefundAnswerAttempt() => this with { WrongAnswers = Math.Max(0, WrongAnswers - 1) };

    /// <summary>The flow keyed <paramref name="flowKey"/> passed the question at <paramref name="now"/> (one flow at a time: a newer answer replaces it).</summary>
    public Account RecordAnsweredFlow(string flowKey, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(flowKey);
        return this with { AnsweredFlow = flowKey, AnsweredFlowAt = now };
    }

    /// <summary>Whether the answered flow is one of <paramref name="flowKeys"/> (a flow id's keyed hash under each accepted key).</summary>
    public bool HasAnswered(IReadOnlyCollection<string> flowKeys)
    {
        ArgumentNullException.ThrowIfNull(flowKeys);
        return AnsweredFlow is { } answered && flowKeys.Contains(answered, StringComparer.Ordinal);
    }

    /// <summary>Whether the last completed recovery flow is one of <paramref name="flowKeys"/> (its id's keyed hash under each accepted key).</summary>
    public bool HasCompleted(IReadOnlyCollection<string> flowKeys)
    {
        ArgumentNullException.ThrowIfNull(flowKeys);
        return CompletedFlow is { } completed && flowKeys.Contains(completed, StringComparer.Ordinal);
    }

    /// <summary>The last allowed answer was wrong: self-service recovery is locked for <see cref="ThrottleOptions.RecoveryLock"/>.</summary>
    public Account LockRecovery(ThrottleOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        return this with { RecoveryLockedUntil = now + options.RecoveryLock };
    }

    /// <summary>An agent checked the holder's identity: the recovery lock and the wrong answers behind it go.</summary>
    public Account LiftRecoveryLock() => this with { RecoveryLockedUntil = null, WrongAnswers = 0, WrongAnswersWindowStart = null };

    /// <summary>The refusal while recovery is locked (the same whether the lock or the count refused).</summary>
    public static DomainException RecoveryLocked() => new(ProblemCode.RecoveryLocked);

    // ---- Sign-in failures and the account's own lock (contract §4: 5 failures → 15 minutes, doubling) ----

    public bool IsSignInLocked(DateTimeOffset now) => SignInLockedUntil is { } until && until > now;

    /// <summary>One more wrong password; the failure that reaches the limit starts a lock twice as long as the previous one.</summary>
    /// <returns>The next account, and whether this failure started a lock.</returns>
    public (Account Account, bool Locked) RecordSignInFailure(ThrottleOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = FailedSignIns + 1;
        if (failures < options.SignInFailuresBeforeLock)
        {
            return (this with { FailedSignIns = failures }, false);
        }

        var lockLength = options.SignInFirstLock * Math.Pow(2, Math.Min(SignInLockCount, MaxSignInLockDoublings));
        return (this with { FailedSignIns = 0, SignInLockCount = SignInLockCount + 1, SignInLockedUntil = now + lockLength }, true);
    }

    /// <summary>The right password was given (account space): the failures counted so far are forgiven.</summary>
    public Account ClearSignInFailures() => this with { FailedSignIns = 0 };

    /// <summary>
    /// Lifts the sign-in lock and its failures. The lock count is kept: it only lengthens the next lock if the attack goes on.
    /// </summary>
    public Account LiftSignInLock() => this with { FailedSignIns = 0, SignInLockedUntil = null };

    /// <summary>
    /// After a successful sign-in: failures cleared, the hash renewed when the hasher's parameters changed, this client
    /// remembered and the password fingerprint current (accounts older than the fingerprint, or fingerprinted under a
    /// retired key, get it now: docs/security/contact-form.md); null when nothing changes, so most sign-ins write nothing.
    /// </summary>
    /// <param name="rehashedPassword">The password hashed again under the current parameters, or null when its hash is current.</param>
    public Account? SignedIn(TokenKeyRing ring, string clientAddress, string passwordFingerprint, string? rehashedPassword, ThrottleOptions options, DateTimeOffset now)
    {
        var remembered = RememberClient(ring, clientAddress, now, options);
        if (FailedSignIns == 0 && rehashedPassword is null && remembered is null && passwordFingerprint == PasswordFingerprint)
        {
            return null;
        }

        return (remembered ?? this) with
        {
            FailedSignIns = 0,
            PasswordHash = rehashedPassword ?? PasswordHash,
            PasswordFingerprint = passwordFingerprint,
        };
    }

    // ---- Familiar clients (contract §2.2: a stranger must not keep the holder out) ----
    // The account keeps the HMAC of (subscriber number, client network) under the token key, never the address, so a
    // table dump cannot be matched against a list of addresses. The current and the previous key are accepted.

    /// <summary>Whether this client's network signed in to this account within <see cref="ThrottleOptions.SignInFamiliarClientLifetime"/>.</summary>
    public bool IsFamiliarClient(TokenKeyRing ring, string clientAddress, DateTimeOffset now, ThrottleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var candidates = ClientCandidates(ring, clientAddress);
        return FamiliarClients.Any(c => candidates.Contains(c.Key) && c.LastSignIn + options.SignInFamiliarClientLifetime > now);
    }

    /// <summary>
    /// This client first, expired ones dropped, at most <see cref="ThrottleOptions.SignInFamiliarClients"/> kept (the
    /// oldest go); null when unchanged (seen under the current key less than a day ago).
    /// </summary>
    public Account? RememberClient(TokenKeyRing ring, string clientAddress, DateTimeOffset now, ThrottleOptions options)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(options);
        var key = ring.Hash(ClientMaterial(clientAddress));
        var candidates = ClientCandidates(ring, clientAddress);
        if (FamiliarClients.FirstOrDefault(c => candidates.Contains(c.Key)) is { } seen && seen.Key == key && now - seen.LastSignIn < FamiliarClientRefreshAfter)
        {
            return null;
        }

        var others = FamiliarClients
            .Where(c => !candidates.Contains(c.Key) && c.LastSignIn + options.SignInFamiliarClientLifetime > now)
            .Take(options.SignInFamiliarClients - 1);
        return this with { FamiliarClients = [new FamiliarClient(key, now), .. others] };
    }

    private HashSet<string> ClientCandidates(TokenKeyRing ring, string clientAddress)
    {
        ArgumentNullException.ThrowIfNull(ring);
        return [.. ring.CandidateHashes(ClientMaterial(clientAddress))];
    }

    // ':' is not a base64url character, so this material can never be a token whose hash it would share.
    private string ClientMaterial(string clientAddress) => $"familiar-client:{SubscriberNumber}:{ThrottleCounter.Network(clientAddress)}";

    // ---- Credentials ----

    /// <summary>What a new password may not match: the current hash first, then the history (contract §4: not one of the last 5).</summary>
    public IEnumerable<string> RecentPasswordHashes() => PasswordHistory.Prepend(PasswordHash).Distinct();

    /// <summary>
    /// A new password, by change or by reset: the security stamp moves (every session and outstanding token dies), the
    /// hash goes first in a history of <paramref name="historyLength"/>, the sign-in lock and failures go, and every
    /// familiar client becomes a stranger again (a thief who signed in with the old password included).
    /// </summary>
    /// <param name="completesRecovery">
    /// A reset: the wrong answers counted so far are cleared too (a holder who got in need not carry an earlier
    /// procedure's mistakes toward the next lock).
    /// </param>
    /// <param name="completedFlow">The keyed hash of the recovery flow this reset completes (<see cref="CompletedFlow"/>); null keeps the last one.</param>
    public Account ChangePassword(string hash, string fingerprint, int historyLength, DateTimeOffset now, bool completesRecovery, string? completedFlow = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(hash);
        var changed = LiftSignInLock() with
        {
            PasswordHash = hash,
            PasswordFingerprint = fingerprint,
            PasswordHistory = [.. PasswordHistory.Prepend(hash).Take(historyLength)],
            PasswordChangedAt = now,
            SecurityStamp = SecurityStamp + 1,
            FamiliarClients = [],

            // The stamp moves, so the answered flow is dead anyway: nothing of it is left behind.
            AnsweredFlow = null,
            AnsweredFlowAt = null,
            CompletedFlow = completedFlow ?? CompletedFlow,
        };
        return completesRecovery ? changed with { WrongAnswers = 0, WrongAnswersWindowStart = null } : changed;
    }

    /// <summary>
    /// A new question and answer (the current password was just checked, so both fingerprints are written). Sessions
    /// and links survive it: the stamp moves with the password only.
    /// </summary>
    public Account ChangeSecurityQuestion(int questionId, string answerHash, string answerFingerprint, string passwordFingerprint) => this with
    {
        SecurityQuestionId = questionId,
        SecurityAnswerHash = answerHash,
        AnswerFingerprint = answerFingerprint,
        PasswordFingerprint = passwordFingerprint,
    };

    /// <param name="e164">The canonical phone, or null to remove it.</param>
    public Account ChangePhone(string? e164) => this with { Phone = e164 };

    /// <summary>The new address, once proven and claimed in the unique index.</summary>
    public Account ChangeEmail(string canonicalEmail) => this with { Email = canonicalEmail };

    // ---- Saved recovery codes (docs/security/recovery-codes.md) ----

    /// <summary>A new set replaces the old one in the same write: no moment where both, or neither, work.</summary>
    public Account ReplaceRecoveryCodes(IReadOnlyList<string> hashes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        return this with { RecoveryCodes = [.. hashes], RecoveryCodesCreatedAt = now };
    }

    /// <summary>Whether any of <paramref name="candidateHashes"/> (a typed code under each accepted key) is an unused code.</summary>
    public bool HasRecoveryCode(IReadOnlyCollection<string> candidateHashes)
    {
        ArgumentNullException.ThrowIfNull(candidateHashes);
        return RecoveryCodeFormat.Matches(RecoveryCodes, candidateHashes);
    }

    /// <summary>
    /// Spends the code: its hash leaves the set. Run again on a fresh read after a lost race, it finds the hash gone
    /// and refuses, so of concurrent uses of one code exactly one is written.
    /// </summary>
    /// <exception cref="DomainException"><c>recovery-code-invalid</c> when the code is not (or no longer) in the set.</exception>
    public Account UseRecoveryCode(IReadOnlyCollection<string> candidateHashes)
    {
        ArgumentNullException.ThrowIfNull(candidateHashes);
        return HasRecoveryCode(candidateHashes)
            ? this with { RecoveryCodes = [.. RecoveryCodes.Where(stored => !candidateHashes.Contains(stored, StringComparer.Ordinal))] }
            : throw new DomainException(ProblemCode.RecoveryCodeInvalid);
    }

    // ---- Passkeys (docs/security/passkeys.md) ----

    /// <summary>The user handle for a new passkey: this account's, or a fresh random one to keep; null when it has one (nothing to write).</summary>
    public Account? WithPasskeyUserHandle(string freshHandle)
        => PasskeyUserHandle is null ? this with { PasskeyUserHandle = freshHandle } : null;

    /// <exception cref="DomainException"><c>passkey-limit-reached</c> at <paramref name="max"/>; <c>passkey-registration-invalid</c> for a key already here.</exception>
    public Account AddPasskey(Passkey passkey, int max)
    {
        ArgumentNullException.ThrowIfNull(passkey);
        if (Passkeys.Any(p => p.Id == passkey.Id))
        {
            throw new DomainException(ProblemCode.PasskeyRegistrationInvalid);
        }

        return Passkeys.Count >= max ? throw new DomainException(ProblemCode.PasskeyLimitReached) : this with { Passkeys = [.. Passkeys, passkey] };
    }

    /// <exception cref="DomainException"><c>passkey-not-found</c>.</exception>
    public Account RenamePasskey(string id, string name)
    {
        RequirePasskey(id);
        return this with { Passkeys = [.. Passkeys.Select(p => p.Id == id ? p with { Name = name } : p)] };
    }

    /// <exception cref="DomainException"><c>passkey-not-found</c>.</exception>
    public Account RemovePasskey(string id)
    {
        RequirePasskey(id);
        return this with { Passkeys = [.. Passkeys.Where(p => p.Id != id)] };
    }

    /// <summary>An agent revoked every passkey (identity checked by phone); the user handle stays, so new keys replace old ones on the device.</summary>
    public Account RevokePasskeys() => this with { Passkeys = [] };

    /// <summary>
    /// A verified assertion: the counter rule of WebAuthn L3 §7.2 step 22. When either counter is non-zero the new one must
    /// be greater, or the key may have been cloned and is refused; both zero (authenticators without a counter) passes.
    /// Re-run on a fresh read after a lost race, a concurrent use of the same counter value refuses here.
    /// </summary>
    /// <exception cref="DomainException"><c>passkey-invalid</c> when the key is gone or its counter did not move forward.</exception>
    public Account UsePasskey(string id, long signCount, DateTimeOffset now)
    {
        var stored = Passkeys.FirstOrDefault(p => p.Id == id) ?? throw new DomainException(ProblemCode.PasskeyInvalid);
        if ((signCount != 0 || stored.SignCount != 0) && signCount <= stored.SignCount)
        {
            throw new DomainException(ProblemCode.PasskeyInvalid);
        }

        return this with { Passkeys = [.. Passkeys.Select(p => p.Id == id ? p with { SignCount = signCount, LastUsedAt = now } : p)] };
    }

    private Passkey RequirePasskey(string id) => Passkeys.FirstOrDefault(p => p.Id == id) ?? throw PasskeyNotFound();

    private static DomainException PasskeyNotFound() => new(ProblemCode.PasskeyNotFound);

    /// <summary>The answer was given in clear (right): its fingerprint is kept current for the contact form.</summary>
    public Account RecordAnswerFingerprint(string fingerprint) => this with { AnswerFingerprint = fingerprint };
}

/// <summary>A client address the holder signed in from, as an HMAC bound to the account, and when it was last seen.</summary>
public sealed record FamiliarClient(string Key, DateTimeOffset LastSignIn);
