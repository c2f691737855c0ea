using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Recovery;

/// <summary>Whether the account behind a flow may still recover: active, unchanged since the flow began, not locked.</summary>
public static class RecoveryEligibility
{
    public static void Require(Account? account, TokenRecord flow, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(flow);
        if (account is null || account.Status != AccountStatus.Active || account.SecurityStamp != flow.SecurityStamp)
        {
            // A password change since the link was sent revokes it.
            throw new DomainException(ProblemCode.LinkExpired);
        }

        if (IsLocked(account, now))
        {
            throw Locked();
        }
    }

    public static bool IsLocked(Account account, DateTimeOffset now)
        => account.RecoveryLockedUntil is { } until && until > now;

    public static DomainException Locked() => new(ProblemCode.RecoveryLocked);
}
