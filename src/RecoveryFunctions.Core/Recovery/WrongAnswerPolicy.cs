using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Options;

namespace RecoveryFunctions.Core.Recovery;

/// <summary>3 wrong answers per account per 24 hours, across flows, lock self-service recovery for 24 hours.</summary>
public static class WrongAnswerPolicy
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(24);

    public static int CountInWindow(Account account, DateTimeOffset now)
        => account.WrongAnswersWindowStart is { } start && now - start < Window ? account.WrongAnswers : 0;

    public static int AttemptsLeft(Account account, ThrottleOptions options, DateTimeOffset now)
        => Math.Max(0, options.WrongAnswersBeforeLock - CountInWindow(account, now));

    /// <summary>Counts one attempt before the answer is checked; null when no attempt is left.</summary>
    public static Account? CountAttempt(Account account, ThrottleOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(options);
        var count = CountInWindow(account, now);
        if (count >= options.WrongAnswersBeforeLock || IsLocked(account, now))
        {
            return null;
        }

        return account with
        {
            WrongAnswers = count + 1,
            WrongAnswersWindowStart = count == 0 ? now : account.WrongAnswersWindowStart,
        };
    }

    public static bool IsLocked(Account account, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(account);
        return account.RecoveryLockedUntil is { } until && until > now;
    }

    public static DomainException Locked() => new(ProblemCode.RecoveryLocked);
}
