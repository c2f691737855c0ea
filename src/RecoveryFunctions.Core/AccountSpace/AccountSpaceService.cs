using System.Globalization;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Core.Notifications;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Passwords;
using RecoveryFunctions.Core.Registration;
using RecoveryFunctions.Core.Sessions;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.AccountSpace;

/// <summary>
/// "Gérer vos coordonnées" (contract §2.2): password, security question and phone changes of a signed-in holder.
/// Each one needs the current password and emails the holder (no secret, "not you?" pointer).
/// Email changes need a mailbox proof and live in <see cref="EmailChangeService"/>.
/// </summary>
public sealed class AccountSpaceService(
    AccountSpaceGuard guard,
    PasswordChanger changer,
    IPasswordHasher hasher,
    ITokenKeyProvider keys,
    Notifier notifier,
    IAuditLog audit,
    IOptions<RecoveryOptions> options,
    SessionService sessions,
    IOptions<PasskeyOptions> passkeyOptions,
    TimeProvider time)
{
    /// <summary>Sets a new password and bumps the security stamp: every session (this one too) and token dies.</summary>
    [Refuses(nameof(ProblemCode.PasswordIncorrect), nameof(ProblemCode.ValidationFailed), nameof(ProblemCode.SessionInvalid), nameof(ProblemCode.Conflict))]
    public async Task ChangePasswordAsync(Account account, string currentPassword, string newPassword, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        await guard.RequirePasswordAsync(account, currentPassword, cancellationToken);

        changer.Validate(account, newPassword, "newPassword");
        await changer.ApplyAsync(account, newPassword, _ => AccountSpaceGuard.SessionInvalid(), cancellationToken: cancellationToken);
    }

    /// <summary>
    /// The holder who forgot the password and signed in with a passkey: a new password without the current one, only from
    /// a session a passkey opened within <see cref="PasskeyOptions.PasswordChangeWindow"/> (docs/security/passkeys.md).
    /// Any other session is answered as a wrong current password.
    /// </summary>
    [Refuses(nameof(ProblemCode.PasswordIncorrect), nameof(ProblemCode.ValidationFailed), nameof(ProblemCode.SessionInvalid), nameof(ProblemCode.Conflict))]
    public async Task ChangePasswordAfterPasskeyAsync(Account account, string? sessionToken, string newPassword, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var window = passkeyOptions.Value.PasswordChangeWindow;
        if (window <= TimeSpan.Zero || !await sessions.OpenedByPasskeySinceAsync(sessionToken, account, time.GetUtcNow() - window, cancellationToken))
        {
            throw new DomainException(ProblemCode.PasswordIncorrect);
        }

        changer.Validate(account, newPassword, "newPassword");
        await changer.ApplyAsync(account, newPassword, _ => AccountSpaceGuard.SessionInvalid(), cancellationToken: cancellationToken);
    }


    /// <summary>A new question and answer; under the ASVS profile there is none to change (<c>flow-step-invalid</c>, ASVS 6.4.2).</summary>
    [Refuses(nameof(ProblemCode.PasswordIncorrect), nameof(ProblemCode.ValidationFailed), nameof(ProblemCode.SessionInvalid), nameof(ProblemCode.FlowStepInvalid), nameof(ProblemCode.Conflict))]
    public async Task ChangeSecurityQuestionAsync(Account account, string currentPassword, int securityQuestionId, string securityAnswer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (!options.Value.AsksSecurityQuestion)
        {
            throw new DomainException(ProblemCode.FlowStepInvalid);
        }
        await guard.RequirePasswordAsync(account, currentPassword, cancellationToken);

        var errors = new ValidationErrors();
        CredentialValidator.CheckQuestion(errors, "securityQuestionId", securityQuestionId);
        var answer = CredentialValidator.CheckAnswer(errors, "securityAnswer", securityAnswer);
        errors.ThrowIfAny();

        var answerHash = hasher.Hash(answer!);

        // Both secrets are known in clear here: the new answer, and the password just checked.
        var ring = await keys.GetKeyRingAsync(cancellationToken);
        var changed = await guard.ApplyAsync(account, a => a.ChangeSecurityQuestion(
            securityQuestionId,
            answerHash,
            SecretFingerprints.OfAnswer(ring, a.SubscriberNumber, answer!),
            SecretFingerprints.OfPassword(ring, a.SubscriberNumber, currentPassword)), cancellationToken);
        await RecordAsync(changed, AuditEventTypes.SecurityQuestionChanged, cancellationToken);
        await NotifyAsync(EmailTemplate.SecurityQuestionChanged, changed, EmailValueKeys.Date, Format(time.GetUtcNow()), cancellationToken);
    }

    /// <param name="phone">Any format a person types (national French or international); null removes the phone.</param>
    [Refuses(nameof(ProblemCode.PasswordIncorrect), nameof(ProblemCode.ValidationFailed), nameof(ProblemCode.SessionInvalid), nameof(ProblemCode.Conflict))]
    public async Task ChangePhoneAsync(Account account, string currentPassword, string? phone, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        await guard.RequirePasswordAsync(account, currentPassword, cancellationToken);

        string? e164 = null;
        if (phone is not null && !PhoneCanonicalizer.TryCanonicalize(phone, out e164))
        {
            throw DomainException.Validation("phone", FieldCodes.PhoneInvalid);
        }

        var changed = await guard.ApplyAsync(account, a => a.ChangePhone(e164), cancellationToken);

        await RecordAsync(changed, AuditEventTypes.PhoneChanged, cancellationToken);

        // Masked even to the holder: the mailbox may be read by someone else. Empty renders as "not provided".
        await NotifyAsync(EmailTemplate.PhoneChanged, changed, EmailValueKeys.Phone, PhoneCanonicalizer.Mask(changed.Phone), cancellationToken);
    }

    private Task NotifyAsync(EmailTemplate template, Account account, string key, string value, CancellationToken cancellationToken)
        => notifier.SendAsync(template, account.Email, account.Language, new Dictionary<string, string> { [key] = value }, EmailBudget.None, cancellationToken);

    private Task RecordAsync(Account account, string type, CancellationToken cancellationToken)
        => audit.AppendAsync(AuditEvent.ByHolder(account.SubscriberNumber, time.GetUtcNow(), type), cancellationToken);

    private static string Format(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);
}
