using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Questions;

namespace RecoveryFunctions.Core.Summary;

public static class AccountSummaryFactory
{
    /// <param name="profile">
    /// Under <see cref="StandardsProfile.Asvs"/> the summary carries no question, even for an account registered with
    /// one before the profile changed: nobody meets a security question under that profile (ASVS 6.4.2).
    /// </param>
    public static AccountSummary Create(Account account, string language, StandardsProfile profile)
    {
        ArgumentNullException.ThrowIfNull(account);
        var question = profile == StandardsProfile.Seed ? SecurityQuestionCatalog.Find(account.SecurityQuestionId) : null;
        return new AccountSummary(
            account.SubscriberNumber,
            account.Email,
            question is null ? null : new QuestionView(question.Id, question.Text(language)),
            account.Phone is null ? null : PhoneCanonicalizer.Mask(account.Phone),
            account.Status == AccountStatus.Active ? "active" : "pending",
            account.RegisteredAt,
            account.PasswordChangedAt);
    }
}
