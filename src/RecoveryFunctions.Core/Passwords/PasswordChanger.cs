using System.Globalization;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Notifications;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Registration;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Passwords;

/// <summary>
/// Setting a new password, for a reset and for a change alike: the policy and the last-5 history first,
/// then one ETag-guarded write that bumps the security stamp (every session and outstanding token dies),
/// clears sign-in failures and carries its audit row (<c>password-reset</c> or <c>password-changed</c>, in the same
/// transaction: docs/decisions/0011), and the "password changed" email to the stored address.
/// </summary>
public sealed class PasswordChanger(
    CredentialValidator validator,
    PasswordHistory history,
    IPasswordHasher hasher,
    ITokenKeyProvider keys,
    AccountUpdater updater,
    Notifier notifier,
    IOptions<RecoveryOptions> options,
    TimeProvider time)
{
    public void Validate(Account account, string newPassword, string field)
    {
        ArgumentNullException.ThrowIfNull(account);
        var errors = new ValidationErrors();
        validator.CheckPassword(errors, field, newPassword, new PasswordContext(account.Email, account.SubscriberNumber));
        if (errors.IsEmpty && history.IsReused(newPassword, account.RecentPasswordHashes()))
        {
            errors.Add(field, PasswordHistory.Violation.Code);
        }

        errors.ThrowIfAny();
    }

    /// <param name="account">The account as checked; the write happens only while its security stamp still holds.</param>
    /// <param name="stale">The refusal when the stamp moved meanwhile (another change won the race), given the fresh account (null when gone).</param>
    /// <param name="version">The version <paramref name="account"/> was read at, when known: saves a read.</param>
    /// <param name="completesRecovery">
    /// A reset: the email also carries the récapitulatif PDF (contract §2.8), and the wrong answers counted so far are cleared
    /// (a holder who got in need not carry an earlier procedure's mistakes toward the next lock).
    /// </param>
    /// <param name="completedFlow">A reset: the keyed hash of the flow it completes, recorded on the account in the same write (<see cref="Account.CompletedFlow"/>).</param>
    public async Task<Account> ApplyAsync(Account account, string newPassword, Func<Account?, DomainException> stale, string? version = null, bool completesRecovery = false, string? completedFlow = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(stale);
        var hash = hasher.Hash(newPassword);
        var fingerprint = SecretFingerprints.OfPassword(await keys.GetKeyRingAsync(cancellationToken), account.SubscriberNumber, newPassword);
        var now = time.GetUtcNow();
        var start = version is null ? null : new VersionedAccount(account, version);
        var audit = AuditEvent.ByHolder(account.SubscriberNumber, now, completesRecovery ? AuditEventTypes.PasswordReset : AuditEventTypes.PasswordChanged);
        var changed = (await updater.UpdateFromAsync(account.SubscriberNumber, start, a => a.SecurityStamp != account.SecurityStamp
            ? throw stale(a)
            : a.ChangePassword(hash, fingerprint, history.Length, now, completesRecovery, completedFlow), audit, cancellationToken))?.Account ?? throw stale(null);

        var values = completesRecovery ? SummaryEmail.AttachmentValues(changed, options.Value.Profile) : [];
        values[EmailValueKeys.Date] = now.ToString("O", CultureInfo.InvariantCulture);
        await notifier.SendAsync(EmailTemplate.PasswordChanged, changed.Email, changed.Language, values, EmailBudget.None, cancellationToken);
        return changed;
    }
}
