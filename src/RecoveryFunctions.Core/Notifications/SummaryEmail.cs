using System.Globalization;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Core.Questions;

namespace RecoveryFunctions.Core.Notifications;

/// <summary>The values of the récapitulatif d'inscription email: never the answer, the phone masked.</summary>
public static class SummaryEmail
{
    public static Dictionary<string, string> Values(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new Dictionary<string, string>
        {
            [EmailValueKeys.SubscriberNumber] = account.SubscriberNumber,
            [EmailValueKeys.Email] = account.Email,
            [EmailValueKeys.Question] = SecurityQuestionCatalog.Find(account.SecurityQuestionId)?.Text(account.Language) ?? "",
            [EmailValueKeys.Phone] = account.Phone is null ? "" : PhoneCanonicalizer.Mask(account.Phone),
            [EmailValueKeys.Date] = account.RegisteredAt.ToString("O", CultureInfo.InvariantCulture),
        };
    }
}
