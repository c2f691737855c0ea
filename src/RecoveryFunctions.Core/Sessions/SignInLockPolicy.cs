using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Options;

namespace RecoveryFunctions.Core.Sessions;

/// <summary>5 failures lock sign-in for 15 minutes, doubling on each further lock (contract §4).</summary>
public static class SignInLockPolicy
{
    public static bool IsLocked(Account account, DateTimeOffset now) => account.SignInLockedUntil is { } until && until > now;

    /// <returns>The account after one more failure, and whether this failure started a lock.</returns>
    public static (Account Account, bool Locked) RecordFailure(Account account, ThrottleOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(options);
        var failures = account.FailedSignIns + 1;
        if (failures < options.SignInFailuresBeforeLock)
        {
            return (account with { FailedSignIns = failures }, false);
        }

        var lockLength = options.SignInFirstLock * Math.Pow(2, Math.Min(account.SignInLockCount, 10));
        return (account with { FailedSignIns = 0, SignInLockCount = account.SignInLockCount + 1, SignInLockedUntil = now + lockLength }, true);
    }
}
