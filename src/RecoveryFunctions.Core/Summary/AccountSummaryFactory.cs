using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Core.Questions;

namespace RecoveryFunctions.Core.Summary;

public static class AccountSummaryFactory
{
    public static AccountSummary Create(Account account, string language)
    {
        ArgumentNullException.ThrowIfNull(account);
        var question = SecurityQuestionCatalog.Find(account.SecurityQuestionId);
        return new AccountSummary(
            account.SubscriberNumber,
            account.Email,
            new QuestionView(account.SecurityQuestionId, question?.Text(language) ?? ""),
            account.Phone is null ? null : PhoneCanonicalizer.Mask(account.Phone),
            account.Status == AccountStatus.Active ? "active" : "pending",
            account.RegisteredAt,
            account.PasswordChangedAt);
    }
}
