using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Summary;

namespace RecoveryFunctions.Core.Assistance;

/// <summary>What an agent sees of an account (SPEC §3): the summary plus the locks. Never the answer, a hash or a token.</summary>
public sealed record AgentAccountView(
    string SubscriberNumber,
    string Email,
    QuestionView SecurityQuestion,
    string? Phone,
    string Status,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? PasswordChangedAt,
    DateTimeOffset? RecoveryLockedUntil,
    DateTimeOffset? SignInLockedUntil)
{
    public static AgentAccountView Create(Account account, string language)
    {
        ArgumentNullException.ThrowIfNull(account);
        var summary = AccountSummaryFactory.Create(account, language);
        return new AgentAccountView(
            summary.SubscriberNumber,
            summary.Email,
            summary.SecurityQuestion,
            summary.Phone,
            summary.Status,
            summary.RegisteredAt,
            summary.PasswordChangedAt,
            account.RecoveryLockedUntil,
            account.SignInLockedUntil);
    }
}
