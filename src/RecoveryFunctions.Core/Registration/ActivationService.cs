using System.Globalization;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Core.Notifications;
using RecoveryFunctions.Core.Questions;
using RecoveryFunctions.Core.Summary;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Registration;

/// <summary>Activation (SPEC §2.1): the emailed link proves the mailbox; the account becomes active and the summary is emailed.</summary>
public sealed class ActivationService(OneTimeTokens links, AccountUpdater updater, Notifier notifier, TimeProvider time)
{
    public async Task<AccountSummary> ActivateAsync(string? token, string language, CancellationToken cancellationToken = default)
    {
        var stored = await links.ConsumeAsync(token, TokenKind.Activation, cancellationToken);
        var becameActive = false;
        var account = await updater.UpdateAsync(stored.Record.SubscriberNumber!, a =>
        {
            becameActive = false;
            if (a.Status == AccountStatus.Active)
            {
                return null;
            }

            becameActive = true;
            return a with { Status = AccountStatus.Active, ActivatedAt = time.GetUtcNow() };
        }, cancellationToken) ?? throw new DomainException(ErrorCodes.LinkInvalid, DomainErrorKind.Validation);

        if (becameActive)
        {
            await SendSummaryAsync(account, cancellationToken);
        }

        return AccountSummaryFactory.Create(account, language);
    }

    private Task SendSummaryAsync(Account account, CancellationToken cancellationToken)
        => notifier.SendAsync(EmailTemplate.RegistrationSummary, account.Email, account.Language, new Dictionary<string, string>
        {
            [EmailValueKeys.SubscriberNumber] = account.SubscriberNumber,
            [EmailValueKeys.Email] = account.Email,
            [EmailValueKeys.Question] = SecurityQuestionCatalog.Find(account.SecurityQuestionId)?.Text(account.Language) ?? "",
            [EmailValueKeys.Phone] = account.Phone is null ? "" : PhoneCanonicalizer.Mask(account.Phone),
            [EmailValueKeys.Date] = account.RegisteredAt.ToString("O", CultureInfo.InvariantCulture),
        }, strangerTriggered: false, cancellationToken);
}
