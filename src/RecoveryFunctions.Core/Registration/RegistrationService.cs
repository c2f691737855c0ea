using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Cleanup;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.FranceConnect;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Core.Notifications;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Passwords;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Registration;

/// <summary>
/// Registration (contract §2.1). The caller always gets the same answer; only the mailbox learns whether
/// the address was new (activation link) or already registered ("you already have an account").
/// Email uniqueness rests on an insert-if-absent of the index entry, so concurrent registrations of
/// one address produce exactly one account. New, pending, active and locked addresses cost the same
/// storage operations in the same order (marker, claim, two point reads, account insert, token, outbox
/// message): see <see cref="RegisterAsync"/>.
/// </summary>
public sealed class RegistrationService(
    IAccountStore accounts,
    RequestTokens tokens,
    ITokenKeyProvider keys,
    IPendingAccountIndex pendingAccounts,
    IPasswordHasher hasher,
    CredentialValidator validator,
    Notifier notifier,
    FranceConnectSignUp franceConnect,
    IOptions<RecoveryOptions> options,
    TimeProvider time)
{
    private const int SubscriberNumberRetries = 5;

    [Refuses(nameof(ProblemCode.ValidationFailed), nameof(ProblemCode.Conflict), nameof(ProblemCode.FranceConnectFailed))]
    public async Task RegisterAsync(RegistrationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var subscriberNumber = SubscriberNumber.Generate();
        var (email, phone, answer) = Validate(request, subscriberNumber);

        var passwordHash = hasher.Hash(request.Password);
        var answerHash = answer is null ? "" : hasher.Hash(answer);
        var now = time.GetUtcNow();
        var ring = await keys.GetKeyRingAsync(cancellationToken);

        // Registering with FranceConnect: the ticket is spent whatever the address turns out to be, and its identity
        // rides on a new account's activation link only (never on a link re-sent to an address already registered).
        var franceConnectBinding = request.FranceConnectTicket is null ? null : await franceConnect.RedeemTicketAsync(request.FranceConnectTicket, cancellationToken);

        for (var attempt = 0; attempt < SubscriberNumberRetries; attempt++)
        {
            // Filed under its expiry before the address is even claimed: whatever step a crash interrupts,
            // cleanup finds the claim (and the account, if any) and frees the address after the pending lifetime.
            await pendingAccounts.AddAsync(new PendingAccountMarker(subscriberNumber, email, now + options.Value.PendingAccountLifetime), cancellationToken);
            var claimed = await accounts.TryClaimEmailAsync(email, subscriberNumber, cancellationToken);

            // Both paths read what the address points at (for a new one: its claim and no account yet), so the
            // reads do not tell them apart either.
            var existing = await accounts.FindByEmailAsync(email, cancellationToken);
            if (!claimed)
            {
                // With no account behind the claim, a registration of this address is in flight (claimed, account not
                // written yet) and sends its own link, or cleanup has just freed the address: nothing to tell.
                if (existing is not null)
                {
                    await WriteAsNewAsync(existing, cancellationToken);
                    await HandleExistingAsync(existing.Account, request.Language, cancellationToken);
                }

                return;
            }

            var account = Account.Register(
                subscriberNumber,
                email,
                passwordHash,
                SecretFingerprints.OfPassword(ring, subscriberNumber, request.Password),
                request.SecurityQuestionId ?? 0,
                answerHash,
                answer is null ? null : SecretFingerprints.OfAnswer(ring, subscriberNumber, answer),
                phone,
                request.Language,
                now);
            if (await accounts.TryCreateAsync(account, cancellationToken))
            {
                await SendActivationAsync(account, cancellationToken, franceConnectBinding?.ToPayload());
                return;
            }

            // The subscriber number was taken (1 in 10^12): give the claim back and draw another.
            await accounts.ReleaseEmailAsync(email, subscriberNumber, cancellationToken);
            subscriberNumber = SubscriberNumber.Generate();
        }

        throw new DomainException(ProblemCode.Conflict);
    }

    /// <summary>Checks the request alone (before the captcha is spent on it); throws the field errors.</summary>
    [Refuses(nameof(ProblemCode.ValidationFailed))]
    public void Validate(RegistrationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request, SubscriberNumber.Generate());
    }

    private (string Email, string? Phone, string? Answer) Validate(RegistrationRequest request, string subscriberNumber)
    {
        var errors = new ValidationErrors();
        if (!EmailCanonicalizer.TryCanonicalize(request.Email, out var email))
        {
            errors.Add("email", FieldCodes.EmailInvalid);
        }

        validator.CheckPassword(errors, "password", request.Password, new PasswordContext(email, subscriberNumber));
        string? answer = null;

        // Under the ASVS profile no question is asked (ASVS 5.0 6.4.2): whatever a client sends for it is not kept.
        if (options.Value.AsksSecurityQuestion)
        {
            CredentialValidator.CheckQuestion(errors, "securityQuestionId", request.SecurityQuestionId);
            answer = CredentialValidator.CheckAnswer(errors, "securityAnswer", request.SecurityAnswer);
        }

        string? phone = null;
        if (request.Phone is not null && !PhoneCanonicalizer.TryCanonicalize(request.Phone, out phone))
        {
            errors.Add("phone", FieldCodes.PhoneInvalid);
        }

        if (!Languages.IsSupported(request.Language))
        {
            errors.Add("language", FieldCodes.LanguageInvalid);
        }

        errors.ThrowIfAny();
        return (email, phone, answer);
    }

    /// <summary>
    /// The account insert a new registration makes, made again with the row just read: it conflicts and changes
    /// nothing, yet costs what creating an account costs. Should cleanup have deleted the (expired pending) row
    /// between the read and the insert, the insert brings it back, and it is removed again at once.
    /// </summary>
    private async Task WriteAsNewAsync(VersionedAccount existing, CancellationToken cancellationToken)
    {
        if (await accounts.TryCreateAsync(existing.Account, cancellationToken)
            && await accounts.GetAsync(existing.Account.SubscriberNumber, cancellationToken) is { } revived)
        {
            await accounts.TryDeleteAsync(revived.Account.SubscriberNumber, revived.Version, cancellationToken);
        }
    }

    private async Task HandleExistingAsync(Account account, string language, CancellationToken cancellationToken)
    {
        // Always to the stored address, in the holder's language, never the string the client sent.
        if (account.Status == AccountStatus.Pending)
        {
            // Still unproven: a new activation link is what the holder needs; the old one stays valid until it expires.
            await SendActivationAsync(account, cancellationToken);
            return;
        }

        // A token bound to nobody (never usable): the same token write as an activation link.
        var now = time.GetUtcNow();
        await tokens.IssueForAsync(TokenKind.Activation, null, now, now + options.Value.ActivationLinkLifetime, cancellationToken: cancellationToken);
        await notifier.SendAsync(EmailTemplate.AlreadyRegistered, account.Email, account.Language ?? language, new Dictionary<string, string>
        {
            [EmailValueKeys.SignInUrl] = notifier.FrontEndPage("connexion"),
        }, EmailBudget.Registration, cancellationToken);
    }

    /// <param name="payload">A <see cref="PendingFranceConnectBinding"/> to bind at activation, or null.</param>
    private async Task SendActivationAsync(Account account, CancellationToken cancellationToken, string? payload = null)
    {
        var now = time.GetUtcNow();
        var expiresAt = now + options.Value.ActivationLinkLifetime;
        var token = await tokens.IssueForAsync(TokenKind.Activation, account, now, expiresAt, payload, cancellationToken: cancellationToken);
        await notifier.SendAsync(EmailTemplate.ActivationLink, account.Email, account.Language, new Dictionary<string, string>
        {
            [EmailValueKeys.ActivationUrl] = notifier.FrontEndLink("activation", token),
            [EmailValueKeys.ExpiresAt] = expiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        }, EmailBudget.Registration, cancellationToken);
    }
}
