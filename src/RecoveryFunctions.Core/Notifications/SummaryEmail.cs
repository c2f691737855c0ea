using System.Globalization;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Summary;

namespace RecoveryFunctions.Core.Notifications;

/// <summary>
/// The récapitulatif as email values: never the answer, the phone masked. The same values let the queue worker
/// print the PDF attachment at send time (<see cref="SummaryAttachmentRenderer"/>), so the queue message stays a few
/// hundred bytes instead of carrying the file.
/// </summary>
public static class SummaryEmail
{
    private const string StatusKey = "SummaryStatus";
    private const string RegisteredAtKey = "SummaryRegisteredAt";
    private const string PasswordChangedAtKey = "SummaryPasswordChangedAt";

    /// <summary>The activation email: the summary in the body, and the PDF.</summary>
    public static Dictionary<string, string> Values(Account account, StandardsProfile profile)
    {
        var values = AttachmentValues(account, profile);
        values[EmailValueKeys.Date] = Iso(account.RegisteredAt);
        return values;
    }

    /// <summary>What any email needs to carry the récapitulatif PDF (added to the "password changed" email after a reset).</summary>
    public static Dictionary<string, string> AttachmentValues(Account account, StandardsProfile profile)
    {
        ArgumentNullException.ThrowIfNull(account);
        var summary = AccountSummaryFactory.Create(account, account.Language, profile);
        var values = new Dictionary<string, string>
        {
            [EmailValueKeys.SubscriberNumber] = summary.SubscriberNumber,
            [EmailValueKeys.Email] = summary.Email,
            [EmailValueKeys.Phone] = summary.Phone ?? "",
            [StatusKey] = summary.Status,
            [RegisteredAtKey] = Iso(summary.RegisteredAt),
        };

        // No question, no key: the email's question line and the PDF's are then left out (EmailBlockKind.OptionalDetail).
        if (summary.SecurityQuestion is { } question)
        {
            values[EmailValueKeys.Question] = question.Text;
        }

        if (summary.PasswordChangedAt is { } changed)
        {
            values[PasswordChangedAtKey] = Iso(changed);
        }

        return values;
    }

    /// <summary>The summary back from an email's values; false when the email carries none.</summary>
    public static bool TryRead(IReadOnlyDictionary<string, string> values, out AccountSummary summary)
    {
        ArgumentNullException.ThrowIfNull(values);
        summary = null!;
        if (!values.TryGetValue(RegisteredAtKey, out var registered) || !TryParse(registered, out var registeredAt)
            || !values.TryGetValue(EmailValueKeys.SubscriberNumber, out var number) || !values.TryGetValue(EmailValueKeys.Email, out var email))
        {
            return false;
        }

        DateTimeOffset? changedAt = values.TryGetValue(PasswordChangedAtKey, out var changed) && TryParse(changed, out var at) ? at : null;
        var phone = values.GetValueOrDefault(EmailValueKeys.Phone);
        var question = values.GetValueOrDefault(EmailValueKeys.Question);
        summary = new AccountSummary(
            number,
            email,
            string.IsNullOrEmpty(question) ? null : new QuestionView(0, question),
            string.IsNullOrEmpty(phone) ? null : phone,
            values.GetValueOrDefault(StatusKey) ?? "active",
            registeredAt,
            changedAt);
        return true;
    }

    private static string Iso(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    private static bool TryParse(string text, out DateTimeOffset at)
        => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out at);
}
