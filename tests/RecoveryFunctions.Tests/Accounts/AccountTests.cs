using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Tests.Accounts;

/// <summary>The account's own rules, on plain objects (no storage): each method returns the next account.</summary>
public sealed class AccountTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TokenKeyRing Ring = new(Enumerable.Repeat((byte)7, 32).ToArray(), null);

    private static readonly ThrottleOptions Options = new()
    {
        WrongAnswersBeforeLock = 3,
        RecoveryLock = TimeSpan.FromHours(24),
        SignInFailuresBeforeLock = 2,
        SignInFirstLock = TimeSpan.FromMinutes(15),
        SignInFamiliarClients = 2,
        SignInFamiliarClientLifetime = TimeSpan.FromDays(60),
    };

    // ---- Wrong answers ----

    [Fact]
    public void CountAnswerAttempt_UpToTheLimit_CountsThenRefusesTheNext()
    {
        var account = Active();
        var left = new List<int> { account.AnswerAttemptsLeft(Options, Now) };
        for (var i = 1; i <= 3; i++)
        {
            account = account.CountAnswerAttempt(Options, Now.AddMinutes(i));
            left.Add(account.AnswerAttemptsLeft(Options, Now.AddMinutes(i)));
        }

        Assert.Equal([3, 2, 1, 0], left);
        Assert.Equal(3, account.WrongAnswers);
        Assert.Equal(Now.AddMinutes(1), account.WrongAnswersWindowStart);
        var refused = Assert.Throws<DomainException>(() => account.CountAnswerAttempt(Options, Now.AddMinutes(4)));
        Assert.Equal(ProblemCode.RecoveryLocked.Value, refused.Code);
    }

    [Fact]
    public void CountAnswerAttempt_WindowOver_StartsAFreshWindow()
    {
        var full = Counted(Active(), 3, Now);
        var justInside = Now + Account.WrongAnswerWindow - TimeSpan.FromSeconds(1);
        var windowEnd = Now + Account.WrongAnswerWindow;

        Assert.Throws<DomainException>(() => full.CountAnswerAttempt(Options, justInside));
        Assert.Equal(3, full.AnswerAttemptsLeft(Options, windowEnd));
        var fresh = full.CountAnswerAttempt(Options, windowEnd);
        Assert.Equal(1, fresh.WrongAnswers);
        Assert.Equal(windowEnd, fresh.WrongAnswersWindowStart);
    }

    [Fact]
    public void CountAnswerAttempt_RecoveryLocked_RefusedEvenWithAttemptsLeft()
    {
        var locked = Active() with { RecoveryLockedUntil = Now.AddHours(1) };

        Assert.True(locked.IsRecoveryLocked(Now));
        Assert.Equal(ProblemCode.RecoveryLocked.Value, Assert.Throws<DomainException>(() => locked.CountAnswerAttempt(Options, Now)).Code);
        Assert.False(locked.IsRecoveryLocked(Now.AddHours(1)));
        Assert.Equal(1, locked.CountAnswerAttempt(Options, Now.AddHours(1)).WrongAnswers);
    }

    [Fact]
    public void RefundAnswerAttempt_RightAnswer_HandsTheAttemptBack_WindowKept()
    {
        var once = Counted(Active(), 1, Now);
        var twice = once.CountAnswerAttempt(Options, Now.AddMinutes(5));

        var refunded = twice.RefundAnswerAttempt();

        Assert.Equal(1, refunded.WrongAnswers);
        Assert.Equal(Now, refunded.WrongAnswersWindowStart);
        Assert.Equal(2, refunded.AnswerAttemptsLeft(Options, Now.AddMinutes(5)));
        Assert.Equal(0, Active().RefundAnswerAttempt().WrongAnswers);
    }

    [Fact]
    public void LockRecovery_LastWrongAnswer_LocksForTheConfiguredTime()
    {
        var locked = Counted(Active(), 3, Now).LockRecovery(Options, Now.AddMinutes(2));

        Assert.Equal(Now.AddMinutes(2) + Options.RecoveryLock, locked.RecoveryLockedUntil);
        Assert.True(locked.IsRecoveryLocked(Now.AddHours(24)));
        Assert.False(locked.IsRecoveryLocked(Now.AddMinutes(2) + Options.RecoveryLock));
    }

    /// <summary>The reset records the flow it completes; a change from the account space keeps it (the replay stays link-used), the next reset replaces it.</summary>
    [Fact]
    public void ChangePassword_ResetRecordsItsFlow_ChangeKeepsIt_NextResetReplacesIt()
    {
        var reset = Active().ChangePassword("h1", "fp1", 5, Now, completesRecovery: true, completedFlow: "k1");
        var changed = reset.ChangePassword("h2", "fp2", 5, Now, completesRecovery: false);
        var again = changed.ChangePassword("h3", "fp3", 5, Now, completesRecovery: true, completedFlow: "k2");

        Assert.True(reset.HasCompleted(["k0", "k1"]));
        Assert.True(changed.HasCompleted(["k1"]));
        Assert.Equal((false, true), (again.HasCompleted(["k1"]), again.HasCompleted(["k2"])));
        Assert.False(Active().HasCompleted(["k1"]));
    }

    [Fact]
    public void ChangePassword_CompletedReset_ClearsWrongAnswers_ChangeKeepsThem()
    {
        var counted = Counted(Active(), 2, Now);

        var reset = counted.ChangePassword("h-new", "fp-new", 5, Now.AddMinutes(3), completesRecovery: true);
        var changed = counted.ChangePassword("h-new", "fp-new", 5, Now.AddMinutes(3), completesRecovery: false);

        Assert.Equal((0, (DateTimeOffset?)null), (reset.WrongAnswers, reset.WrongAnswersWindowStart));
        Assert.Equal(3, reset.AnswerAttemptsLeft(Options, Now.AddMinutes(3)));
        Assert.Equal((2, (DateTimeOffset?)Now), (changed.WrongAnswers, changed.WrongAnswersWindowStart));
    }

    [Fact]
    public void LiftRecoveryLock_Agent_ClearsLockAndCount()
    {
        var locked = Counted(Active(), 3, Now).LockRecovery(Options, Now);

        var lifted = locked.LiftRecoveryLock();

        Assert.False(lifted.IsRecoveryLocked(Now));
        Assert.Equal(3, lifted.AnswerAttemptsLeft(Options, Now));
        Assert.Null(lifted.WrongAnswersWindowStart);
    }

    // ---- Sign-in failures and lock ----

    [Fact]
    public void RecordSignInFailure_EachLock_TwiceTheLastOne()
    {
        var account = Active();
        var lengths = new List<TimeSpan>();
        var at = Now;
        for (var lockNumber = 0; lockNumber < 3; lockNumber++)
        {
            (account, var first) = account.RecordSignInFailure(Options, at);
            Assert.False(first);
            Assert.Equal(1, account.FailedSignIns);
            (account, var second) = account.RecordSignInFailure(Options, at);
            Assert.True(second);
            Assert.Equal(0, account.FailedSignIns);
            Assert.True(account.IsSignInLocked(at));
            lengths.Add(account.SignInLockedUntil!.Value - at);
            at = account.SignInLockedUntil!.Value;
            Assert.False(account.IsSignInLocked(at));
        }

        Assert.Equal([TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(60)], lengths);
        Assert.Equal(3, account.SignInLockCount);
    }

    [Fact]
    public void RecordSignInFailure_ManyLocks_DoublingStopsAt1024Times()
    {
        var veteran = Active() with { SignInLockCount = 40, FailedSignIns = 1 };

        var (locked, started) = veteran.RecordSignInFailure(Options, Now);

        Assert.True(started);
        Assert.Equal(Now + (Options.SignInFirstLock * 1024), locked.SignInLockedUntil);
    }

    [Fact]
    public void LiftSignInLock_KeepsTheLockCount_SoTheNextLockIsStillLonger()
    {
        var (locked, _) = (Active() with { FailedSignIns = 1, SignInLockCount = 1 }).RecordSignInFailure(Options, Now);

        var lifted = locked.LiftSignInLock();

        Assert.False(lifted.IsSignInLocked(Now));
        Assert.Equal(2, lifted.SignInLockCount);
        var (relocked, _) = lifted.RecordSignInFailure(Options, Now).Account.RecordSignInFailure(Options, Now);
        Assert.Equal(Now + TimeSpan.FromMinutes(60), relocked.SignInLockedUntil);
    }

    [Fact]
    public void SignedIn_NothingNew_NoWrite_FailuresOrNewClient_Written()
    {
        var fingerprint = "fp";
        var known = Active().RememberClient(Ring, "192.0.2.10", Now, Options)! with { PasswordFingerprint = fingerprint };

        Assert.Null(known.SignedIn(Ring, "192.0.2.10", fingerprint, null, Options, Now.AddHours(1)));
        Assert.Equal(0, (known with { FailedSignIns = 1 }).SignedIn(Ring, "192.0.2.10", fingerprint, null, Options, Now.AddHours(1))!.FailedSignIns);
        Assert.Equal("h2", known.SignedIn(Ring, "192.0.2.10", fingerprint, "h2", Options, Now.AddHours(1))!.PasswordHash);
        Assert.Equal("fp2", known.SignedIn(Ring, "192.0.2.10", "fp2", null, Options, Now.AddHours(1))!.PasswordFingerprint);
        var fromElsewhere = known.SignedIn(Ring, "198.51.100.7", fingerprint, null, Options, Now.AddHours(1))!;
        Assert.True(fromElsewhere.IsFamiliarClient(Ring, "198.51.100.7", Now.AddHours(1), Options));
        Assert.True(fromElsewhere.IsFamiliarClient(Ring, "192.0.2.10", Now.AddHours(1), Options));
    }

    [Fact]
    public void RememberClient_ExpiredDropped_ThenOldestGoesAtTheBound()
    {
        var three = new ThrottleOptions { SignInFamiliarClients = 3, SignInFamiliarClientLifetime = TimeSpan.FromDays(60) };
        var account = Active().RememberClient(Ring, "192.0.2.10", Now, three)!;
        account = account.RememberClient(Ring, "198.51.100.1", Now.AddDays(59), three)!;

        // Room for three, yet the first client, unseen for 61 days, is not kept.
        var later = account.RememberClient(Ring, "203.0.113.5", Now.AddDays(61), three)!;
        Assert.Equal(2, later.FamiliarClients.Count);
        Assert.False(later.IsFamiliarClient(Ring, "192.0.2.10", Now.AddDays(61), three));

        // At the bound the oldest goes, and the newest comes first.
        var full = later.RememberClient(Ring, "192.0.2.99", Now.AddDays(62), three)!;
        var bounded = full.RememberClient(Ring, "192.0.2.200", Now.AddDays(63), three)!;
        Assert.Equal((3, 3), (full.FamiliarClients.Count, bounded.FamiliarClients.Count));
        Assert.False(bounded.IsFamiliarClient(Ring, "198.51.100.1", Now.AddDays(63), three));
        Assert.True(bounded.IsFamiliarClient(Ring, "203.0.113.5", Now.AddDays(63), three));
        Assert.Equal(Now.AddDays(63), bounded.FamiliarClients[0].LastSignIn);
    }

    // ---- Credentials and the security stamp ----

    [Fact]
    public void ChangePassword_ChangeOrReset_BumpsTheStamp_LiftsTheSignInLock_ForgetsClients()
    {
        var account = Active().RememberClient(Ring, "192.0.2.10", Now, Options)! with
        {
            FailedSignIns = 1,
            SignInLockCount = 1,
            SignInLockedUntil = Now.AddMinutes(10),
        };

        foreach (var completesRecovery in new[] { false, true })
        {
            var changed = account.ChangePassword("h-new", "fp-new", 5, Now.AddMinutes(1), completesRecovery);

            Assert.Equal(account.SecurityStamp + 1, changed.SecurityStamp);
            Assert.Equal(("h-new", "fp-new", (DateTimeOffset?)Now.AddMinutes(1)), (changed.PasswordHash, changed.PasswordFingerprint, changed.PasswordChangedAt));
            Assert.Equal((0, (DateTimeOffset?)null, 1), (changed.FailedSignIns, changed.SignInLockedUntil, changed.SignInLockCount));
            Assert.Empty(changed.FamiliarClients);
        }
    }

    [Fact]
    public void ChangePassword_FullHistory_KeepsNewestFive_AndLengthIsHonoured()
    {
        var account = Active() with { PasswordHash = "h1", PasswordHistory = ["h1", "h2", "h3", "h4", "h5"] };

        Assert.Equal(["h0", "h1", "h2", "h3", "h4"], account.ChangePassword("h0", "fp", 5, Now, false).PasswordHistory);
        Assert.Equal(["h0", "h1"], account.ChangePassword("h0", "fp", 2, Now, false).PasswordHistory);
        Assert.Empty(account.ChangePassword("h0", "fp", 0, Now, false).PasswordHistory);
        Assert.Equal(["h1", "h2", "h3", "h4", "h5"], account.RecentPasswordHashes());
        Assert.Equal(["h9", "h1", "h2", "h3", "h4", "h5"], (account with { PasswordHash = "h9" }).RecentPasswordHashes());
    }

    [Fact]
    public void OtherChanges_KeepTheStamp_SessionsAndLinksSurviveThem()
    {
        var account = Active();

        var question = account.ChangeSecurityQuestion(4, "a-hash", "a-fp", "p-fp");
        var phone = account.ChangePhone("+33612345678");
        var email = account.ChangeEmail("nouvelle@example.fr");

        Assert.All(new[] { question, phone, email, account.LockRecovery(Options, Now), account.RecordSignInFailure(Options, Now).Account },
            changed => Assert.Equal(account.SecurityStamp, changed.SecurityStamp));
        Assert.Equal((4, "a-hash", "a-fp", "p-fp"), (question.SecurityQuestionId, question.SecurityAnswerHash, question.AnswerFingerprint, question.PasswordFingerprint));
        Assert.Equal("+33612345678", phone.Phone);
        Assert.Null(phone.ChangePhone(null).Phone);
        Assert.Equal("nouvelle@example.fr", email.Email);
        Assert.Equal("fp-answer", account.RecordAnswerFingerprint("fp-answer").AnswerFingerprint);
    }

    [Fact]
    public void Register_ThenActivate_PendingWithStampOne_ActivatedOnce()
    {
        var registered = Account.Register("1234567890128", "a@example.fr", "h", "p-fp", 2, "a-h", "a-fp", null, "en", Now);

        Assert.Equal((AccountStatus.Pending, 1L), (registered.Status, registered.SecurityStamp));
        Assert.Equal(["h"], registered.PasswordHistory);
        Assert.Equal(("p-fp", "a-fp"), (registered.PasswordFingerprint, registered.AnswerFingerprint));
        var active = registered.Activate(Now.AddHours(1))!;
        Assert.Equal((AccountStatus.Active, (DateTimeOffset?)Now.AddHours(1), 1L), (active.Status, active.ActivatedAt, active.SecurityStamp));
        Assert.Null(active.Activate(Now.AddHours(2)));
    }

    private static Account Counted(Account account, int times, DateTimeOffset at)
    {
        for (var i = 0; i < times; i++)
        {
            account = account.CountAnswerAttempt(Options, at);
        }

        return account;
    }

    private static Account Active() => Account.Register("1234567890128", "a@example.fr", "h", "p-fp", 1, "a-h", "a-fp", null, "fr", Now).Activate(Now)!;
}
