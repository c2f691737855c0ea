using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Recovery;

/// <summary>Where a forgotten-password flow stands. See RecoveryFlow.md for the diagram.</summary>
public enum RecoveryFlowStage
{
    /// <summary>Identified; waiting for the emailed link or code (the mailbox proof).</summary>
    Mailbox,

    /// <summary>Mailbox proven; waiting for the security answer.</summary>
    Answer,

    /// <summary>Answer right (or helpdesk link); waiting for the new password.</summary>
    Password,

    /// <summary>
    /// Mailbox proven under the ASVS profile, on an account with an enrolled factor: waiting for that factor (ASVS 6.4.3).
    /// Last in the enum because stored rows keep the stage as its number.
    /// </summary>
    Factor,
}

/// <summary>
/// A factor the holder enrolled beforehand. Under the seed profile proving it stands in for both the mailbox proof and the
/// question (<see cref="RecoveryFlow.OpenAfterFactor"/>); under the ASVS profile it is the stage after the mailbox proof
/// (<see cref="RecoveryFlow.ProveFactor"/>). Which ones an account has: <see cref="Account.EnrolledFactors"/>.
/// </summary>
public enum RecoveryFactor
{
    /// <summary>A saved recovery code, spent on the account (docs/security/recovery-codes.md).</summary>
    RecoveryCode,

    /// <summary>A passkey assertion proving the account (<see cref="Passkeys.PasskeyAssertions"/>; docs/security/passkeys.md).</summary>
    Passkey,

    /// <summary>A verified FranceConnect pivot identity bound to the account (<see cref="FranceConnect.FranceConnectRecovery"/>; docs/security/franceconnect.md).</summary>
    FranceConnect,
}

/// <summary>What a client asks of a flow; each is one transition of <see cref="RecoveryFlow"/>.</summary>
public enum RecoveryFlowAction
{
    /// <summary>A typed code is counted before it is compared.</summary>
    CountCodeAttempt,

    /// <summary>The link or the right code closes the mailbox flow.</summary>
    ProveMailbox,

    /// <summary>The right answer is recorded on the account (decision 0011): the flow row is not written.</summary>
    AcceptAnswer,

    /// <summary>An enrolled factor, proven after the mailbox (ASVS profile), moves the flow to the password stage.</summary>
    ProveFactor,

    /// <summary>The new password is set: the flow is used up, recorded on the account (decision 0011), not on its row.</summary>
    Complete,

    /// <summary>One more lifetime, up to the ceiling (RGAA 13.1).</summary>
    Extend,
}

/// <summary>Why a flow refuses a move; each maps to the one problem code the API has always answered for it.</summary>
public enum RecoveryFlowRefusal
{
    /// <summary><c>link-used</c> (410): the flow was used up, or someone else moved it first.</summary>
    Used,

    /// <summary><c>link-expired</c> (410) on the emailed link and code, <c>flow-expired</c> (410) after the mailbox proof.</summary>
    Expired,

    /// <summary><c>flow-step-invalid</c> (409): the move does not start from this stage.</summary>
    StageInvalid,

    /// <summary><c>link-expired</c> (410): the code's tries are spent, so to the holder the code is dead.</summary>
    CodeAttemptsSpent,

    /// <summary><c>extension-limit-reached</c> (409).</summary>
    ExtensionLimitReached,
}

/// <summary>
/// One forgotten-password flow row and its legal moves (contract §2.3). Every transition returns the next state or
/// refuses with <see cref="Refuse"/>, checked in the same order whatever the move: used, expired, stage, then the
/// move's own limit. The mailbox stage lives under the id returned by identify; the mailbox proof closes it and
/// opens a second id, which names the answer stage and then, in place, the password stage. Stored only through
/// <see cref="IRecoveryFlowStore"/>.
/// </summary>
public sealed record RecoveryFlow
{
    public required TokenAddress Address { get; init; }

    /// <summary>The stored row's ETag; null for a flow not yet written.</summary>
    public string? Version { get; init; }

    public required RecoveryFlowStage Stage { get; init; }

    /// <summary>Opened by an agent's link: the mailbox proof skips the question.</summary>
    public bool Helpdesk { get; init; }

    /// <summary>The factor that opened the flow at the password stage (<see cref="OpenAfterFactor"/>); null otherwise.</summary>
    public RecoveryFactor? Factor { get; init; }

    /// <summary>The emailed code as <c>salt:HMAC</c> (<see cref="SaltedSecret"/>); mailbox stage only.</summary>
    public string? CodeHash { get; init; }

    /// <summary>The emailed link's secret as <c>salt:HMAC</c> (<see cref="SaltedSecret"/>); mailbox stage only, null on rows written before links pointed at their flow.</summary>
    public string? LinkHash { get; init; }

    /// <summary>Codes tried on this flow, counted before each comparison.</summary>
    public int Attempts { get; init; }

    public DateTimeOffset? UsedAt { get; init; }

    /// <summary>Null for a flow bound to nobody (an address without a usable account): it can never pass the mailbox proof.</summary>
    public string? SubscriberNumber { get; init; }

    /// <summary>The account's stamp when the flow began: a credential change since revokes it.</summary>
    public long SecurityStamp { get; init; }

    public required DateTimeOffset IssuedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>How far <see cref="ExpiresAt"/> may be extended; null on the mailbox stage, which keeps its emailed limit.</summary>
    public DateTimeOffset? ExtendableUntil { get; init; }

    /// <summary>The version a stored flow is replaced under; a flow not yet stored is added, not saved.</summary>
    public static string StoredVersion(RecoveryFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return flow.Version ?? throw new ArgumentException("A flow not yet stored is added, not saved.", nameof(flow));
    }

    /// <summary>The latest the row can ever be valid until: what its storage bucket is chosen by.</summary>
    public DateTimeOffset LatestExpiry => ExtendableUntil is { } ceiling && ceiling > ExpiresAt ? ceiling : ExpiresAt;

    /// <summary>
    /// Identify (or an agent's link): a mailbox-stage flow, with the emailed code's hash when there is a code and the
    /// emailed link's (<see cref="TokenCodec.NewLink"/>: the row's address and a secret, so a link is one point read).
    /// Its row is bucketed <paramref name="successorMaxLifetime"/> past its own limit, so the flow its proof opens fits in
    /// its partition and both are written in one transaction (<see cref="OpenAfterMailbox"/>).
    /// </summary>
    /// <param name="account">Null for an address with no usable account: the same row is written, never usable.</param>
    /// <returns>The flow, its id (the token the page holds) and its link (the token the email carries).</returns>
    public static (RecoveryFlow Flow, string Id, string Link) OpenMailbox(TokenCodec codec, Account? account, DateTimeOffset now, DateTimeOffset expiresAt, string? codeHash, bool helpdesk, TimeSpan successorMaxLifetime)
    {
        ArgumentNullException.ThrowIfNull(codec);
        var issued = codec.Issue(expiresAt + successorMaxLifetime);
        var (link, secret) = TokenCodec.NewLink(issued.Address);
        return (new RecoveryFlow
        {
            Address = issued.Address,
            Stage = RecoveryFlowStage.Mailbox,
            Helpdesk = helpdesk,
            CodeHash = codeHash,
            LinkHash = SaltedSecret.Protect(codec.Ring, secret),
            SubscriberNumber = account?.SubscriberNumber,
            SecurityStamp = account?.SecurityStamp ?? 0,
            IssuedAt = now,
            ExpiresAt = expiresAt,
        }, issued.Token, link);
    }

    /// <summary>Refuses the move unless this flow is live and at a stage it starts from.</summary>
    /// <param name="answered">
    /// The account records this answer-stage flow as answered (<see cref="AnsweredOn"/>): it is at the password stage,
    /// though its row still says answer (docs/decisions/0011).
    /// </param>
    public void Check(RecoveryFlowAction action, DateTimeOffset now, bool answered = false)
    {
        if (UsedAt is not null)
        {
            throw Refuse(RecoveryFlowRefusal.Used, action);
        }

        // Checked here, not left to cleanup: a row can outlive its expiry until the next cleanup run.
        if (ExpiresAt <= now)
        {
            throw Refuse(RecoveryFlowRefusal.Expired, action);
        }

        var legal = action switch
        {
            RecoveryFlowAction.CountCodeAttempt or RecoveryFlowAction.ProveMailbox => Stage == RecoveryFlowStage.Mailbox,
            RecoveryFlowAction.AcceptAnswer => Stage == RecoveryFlowStage.Answer && !answered,
            RecoveryFlowAction.ProveFactor => Stage == RecoveryFlowStage.Factor,
            RecoveryFlowAction.Complete => Stage == RecoveryFlowStage.Password || (Stage == RecoveryFlowStage.Answer && answered),
            RecoveryFlowAction.Extend => Stage is RecoveryFlowStage.Answer or RecoveryFlowStage.Factor or RecoveryFlowStage.Password,
            _ => false,
        };
        if (!legal)
        {
            throw Refuse(RecoveryFlowRefusal.StageInvalid, action);
        }
    }

    /// <summary>Counts one typed code before it is compared, so of N parallel guesses at most <paramref name="limit"/> are compared.</summary>
    public RecoveryFlow CountCodeAttempt(DateTimeOffset now, int limit)
    {
        Check(RecoveryFlowAction.CountCodeAttempt, now);
        return Attempts >= limit ? throw Refuse(RecoveryFlowRefusal.CodeAttemptsSpent, RecoveryFlowAction.CountCodeAttempt) : this with { Attempts = Attempts + 1 };
    }

    /// <summary>Whether <paramref name="normalizedCode"/> is this flow's emailed code, under any accepted key (constant time).</summary>
    public bool CodeMatches(TokenKeyRing ring, string normalizedCode) => SaltedSecret.Matches(ring, CodeHash, normalizedCode);

    /// <summary>Whether <paramref name="secret"/> is the one this flow's emailed link carries, under any accepted key (constant time).</summary>
    public bool LinkMatches(TokenKeyRing ring, string secret) => SaltedSecret.Matches(ring, LinkHash, secret);

    /// <summary>The link or the right code: the mailbox flow is used up (single use).</summary>
    public RecoveryFlow ProveMailbox(DateTimeOffset now)
    {
        Check(RecoveryFlowAction.ProveMailbox, now);
        return this with { UsedAt = now };
    }

    /// <summary>
    /// The flow a proven mailbox opens, under a new id, at <see cref="StageAfterMailbox"/>; <paramref name="lifetime"/>
    /// long, extendable up to <paramref name="maxLifetime"/> from now. Its row is in the mailbox flow's partition whenever
    /// that bucket outlives its ceiling (every row <see cref="OpenMailbox"/> writes), so the close and the open are one
    /// transaction; elsewhere otherwise (a row written before, or a ceiling raised since).
    /// </summary>
    public (RecoveryFlow Flow, string Id) OpenAfterMailbox(TokenCodec codec, Account account, StandardsProfile profile, DateTimeOffset now, TimeSpan lifetime, TimeSpan maxLifetime)
    {
        ArgumentNullException.ThrowIfNull(codec);
        ArgumentNullException.ThrowIfNull(account);
        if (Stage != RecoveryFlowStage.Mailbox || UsedAt is null || SubscriberNumber is null)
        {
            throw Refuse(RecoveryFlowRefusal.StageInvalid, RecoveryFlowAction.ProveMailbox);
        }

        var issued = codec.IssueBeside(Address, now + maxLifetime) ?? codec.Issue(now + maxLifetime);
        return (new RecoveryFlow
        {
            Address = issued.Address,
            Stage = StageAfterMailbox(account, profile),
            Helpdesk = Helpdesk,
            SubscriberNumber = SubscriberNumber,
            SecurityStamp = SecurityStamp,
            IssuedAt = now,
            ExpiresAt = now + lifetime,
            ExtendableUntil = now + maxLifetime,
        }, issued.Token);
    }

    /// <summary>
    /// The flow an enrolled factor opens (<see cref="RecoveryFactor"/>): no mailbox stage and no question, straight to the
    /// password stage under a new id, with the post-mailbox lifetime and ceiling. The factor step has already been spent
    /// (a code leaves the account in the same write that proved it), so this is an entry, not a move.
    /// </summary>
    public static (RecoveryFlow Flow, string Id) OpenAfterFactor(TokenCodec codec, Account account, RecoveryFactor factor, DateTimeOffset now, TimeSpan lifetime, TimeSpan maxLifetime)
    {
        ArgumentNullException.ThrowIfNull(codec);
        ArgumentNullException.ThrowIfNull(account);
        if (!Enum.IsDefined(factor))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "Not a recovery factor.");
        }

        var issued = codec.Issue(now + maxLifetime);
        return (new RecoveryFlow
        {
            Address = issued.Address,
            Stage = RecoveryFlowStage.Password,
            Factor = factor,
            SubscriberNumber = account.SubscriberNumber,
            SecurityStamp = account.SecurityStamp,
            IssuedAt = now,
            ExpiresAt = now + lifetime,
            ExtendableUntil = now + maxLifetime,
        }, issued.Token);
    }

    /// <summary>
    /// What the mailbox proof leads to: an agent's link skips the question and the factors (the agent checked identity,
    /// ASVS 6.4.4); the seed profile asks the question; the ASVS profile asks for an enrolled factor when the account has
    /// one (a reset never bypasses it, ASVS 6.4.3) and otherwise goes straight to the new password.
    /// </summary>
    public RecoveryFlowStage StageAfterMailbox(Account account, StandardsProfile profile)
    {
        ArgumentNullException.ThrowIfNull(account);
        return Helpdesk ? RecoveryFlowStage.Password
            : profile == StandardsProfile.Seed ? RecoveryFlowStage.Answer
            : account.EnrolledFactors().Count > 0 ? RecoveryFlowStage.Factor
            : RecoveryFlowStage.Password;
    }

    /// <summary>An enrolled factor proven at the factor stage (already spent on the account): on to the new password.</summary>
    public RecoveryFlow ProveFactor(DateTimeOffset now)
    {
        Check(RecoveryFlowAction.ProveFactor, now);
        return this with { Stage = RecoveryFlowStage.Password };
    }

    /// <summary>
    /// Whether <paramref name="account"/> records this answer-stage flow as answered: its keyed id among
    /// <paramref name="flowKeys"/> (<see cref="Account.HasAnswered"/>), answered within the flow's lifetime. The right
    /// answer is written there, in the account write that gives its attempt back, instead of on this row (decision 0011).
    /// </summary>
    public bool AnsweredOn(Account? account, IReadOnlyCollection<string> flowKeys)
        => Stage == RecoveryFlowStage.Answer && account is { AnsweredFlowAt: { } at } && at >= IssuedAt && at < LatestExpiry && account.HasAnswered(flowKeys);

    /// <summary>
    /// The flow used up by the new password, as a model of the move: the reset no longer writes it, since the account
    /// write records the completion and its stamp revokes the flow (<see cref="Account.CompletedFlow"/>, decision 0011).
    /// </summary>
    /// <param name="answered">As for <see cref="Check"/>: an answer-stage flow the account records as answered.</param>
    public RecoveryFlow Complete(DateTimeOffset now, bool answered = false)
    {
        Check(RecoveryFlowAction.Complete, now, answered);
        return this with { UsedAt = now };
    }

    /// <summary>One more <paramref name="lifetime"/>, never past <see cref="ExtendableUntil"/>.</summary>
    public RecoveryFlow Extend(DateTimeOffset now, TimeSpan lifetime)
    {
        Check(RecoveryFlowAction.Extend, now);
        var extended = TokenExtension.NextExpiry(ExpiresAt, LatestExpiry, lifetime) ?? throw Refuse(RecoveryFlowRefusal.ExtensionLimitReached, RecoveryFlowAction.Extend);
        return this with { ExpiresAt = extended };
    }

    /// <summary>The account behind the flow may still recover: active, unchanged since the flow began, not locked.</summary>
    public void RequireEligible(Account? account, DateTimeOffset now)
    {
        if (account is null || account.Status != AccountStatus.Active || account.SecurityStamp != SecurityStamp)
        {
            // A password change since the link was sent revokes it.
            throw new DomainException(ProblemCode.LinkExpired);
        }

        if (account.IsRecoveryLocked(now))
        {
            throw Account.RecoveryLocked();
        }
    }

    /// <summary>
    /// Whether <paramref name="fresh"/>, re-read after a lost ETag race, differs from this flow only by an extension: a
    /// one-shot move decided on this flow still holds and may be written on the fresh version.
    /// </summary>
    public bool DiffersOnlyByExtension(RecoveryFlow fresh)
    {
        ArgumentNullException.ThrowIfNull(fresh);
        return fresh.ExpiresAt >= ExpiresAt && fresh with { ExpiresAt = ExpiresAt, Version = Version } == this;
    }

    /// <summary>The one refusal of an illegal move, with the problem code the API answers for it.</summary>
    public static DomainException Refuse(RecoveryFlowRefusal refusal, RecoveryFlowAction action) => refusal switch
    {
        RecoveryFlowRefusal.Used => new(ProblemCode.LinkUsed),

        // To the person holding the email, an expired mailbox flow is an expired link or code.
        RecoveryFlowRefusal.Expired when action is RecoveryFlowAction.CountCodeAttempt or RecoveryFlowAction.ProveMailbox => new(ProblemCode.LinkExpired),
        RecoveryFlowRefusal.Expired => new(ProblemCode.FlowExpired),
        RecoveryFlowRefusal.CodeAttemptsSpent => new(ProblemCode.LinkExpired),
        RecoveryFlowRefusal.ExtensionLimitReached => new(ProblemCode.ExtensionLimitReached),
        RecoveryFlowRefusal.StageInvalid => new(ProblemCode.FlowStepInvalid),
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, "Not a refusal of a recovery flow."),
    };
}
