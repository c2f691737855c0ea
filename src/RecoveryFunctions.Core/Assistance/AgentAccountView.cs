using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Summary;

namespace RecoveryFunctions.Core.Assistance;

/// <summary>
/// What an agent sees of an account (contract §3): the summary plus the locks, and whether a FranceConnect identity is
/// bound (null where the binding is not read, as in the requests' list). Never the answer, a hash, a token nor the identity.
/// </summary>
public sealed record AgentAccountView(
    string SubscriberNumber,
    string Email,
    QuestionView? SecurityQuestion,
    string? Phone,
    string Status,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? PasswordChangedAt,
    DateTimeOffset? RecoveryLockedUntil,
    DateTimeOffset? SignInLockedUntil,
    int PasskeyCount,
    bool? FranceConnectBound = null)
{
    /// <param name="profile">No question under the ASVS profile (<see cref="AccountSummaryFactory"/>).</param>
    /// <param name="signInLockoutUntil">The end of the sign-in lockout on the account's address, if one holds.</param>
    /// <param name="franceConnectBound">Whether the account has a FranceConnect binding, when it was read.</param>
    public static AgentAccountView Create(Account account, string language, StandardsProfile profile, DateTimeOffset? signInLockoutUntil = null, bool? franceConnectBound = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        var summary = AccountSummaryFactory.Create(account, language, profile);
        return new AgentAccountView(
            summary.SubscriberNumber,
            summary.Email,
            summary.SecurityQuestion,
            summary.Phone,
            summary.Status,
            summary.RegisteredAt,
            summary.PasswordChangedAt,
            account.RecoveryLockedUntil,
            Latest(account.SignInLockedUntil, signInLockoutUntil),
            account.Passkeys.Count,
            franceConnectBound);
    }

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
