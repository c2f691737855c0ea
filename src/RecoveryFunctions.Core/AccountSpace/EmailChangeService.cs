using System.Globalization;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Core.Notifications;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Summary;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.AccountSpace;

/// <summary>
/// Email change (contract §2.2): the new address proves itself through a single-use link; the old address is
/// told at once and again when the change is applied. A request for an address that already has an
/// account does exactly the same work, except that its link email has no recipient, so neither the
/// requester nor the holder of that address learns anything.
/// </summary>
public sealed class EmailChangeService(
    AccountSpaceGuard guard,
    IAccountStore accounts,
    RequestTokens tokens,
    OneTimeTokens links,
    AccountUpdater updater,
    Notifier notifier,
    IAuditLog audit,
    IOptions<RecoveryOptions> options,
    TimeProvider time)
{
    public const string ConfirmPath = "confirmation-adresse";

    [Refuses(nameof(ProblemCode.PasswordIncorrect), nameof(ProblemCode.ValidationFailed), nameof(ProblemCode.Conflict))]
    public async Task RequestAsync(Account account, string currentPassword, string newEmail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        await guard.RequirePasswordAsync(account, currentPassword, cancellationToken);
        await SendLinkAsync(account, NewAddress(account, newEmail), cancellationToken);
    }

    /// <summary>The new address, canonical, or the field error of <c>newEmail</c>.</summary>
    internal static string NewAddress(Account account, string? newEmail)
    {
        if (!EmailCanonicalizer.TryCanonicalize(newEmail, out var canonical))
        {
            throw DomainException.Validation("newEmail", FieldCodes.EmailInvalid);
        }

        return canonical == account.Email ? throw DomainException.Validation("newEmail", FieldCodes.EmailUnchanged) : canonical;
    }

    /// <summary>
    /// The confirmation link to the new address (none when it is taken, with the same storage work) and the old address
    /// told; also the last step of a FranceConnect recovery that asks for a new address (<see cref="Recovery.PasswordReset"/>).
    /// </summary>
    internal async Task SendLinkAsync(Account account, string canonical, CancellationToken cancellationToken)
    {
        var taken = await accounts.FindByEmailAsync(canonical, cancellationToken) is not null;
        var now = time.GetUtcNow();
        var expiresAt = now + options.Value.EmailChangeLinkLifetime;

        // Issued for a taken address too (same storage work); that token is never sent anywhere, so never used.
        var token = await tokens.IssueForAsync(TokenKind.EmailChange, account, now, expiresAt, canonical, cancellationToken: cancellationToken);

        // Stranger-triggered: a signed-in user could otherwise flood any mailbox with links.
        await notifier.SendAsync(EmailTemplate.EmailChangeLink, taken ? null : canonical, account.Language, new Dictionary<string, string>
        {
            [EmailValueKeys.ConfirmUrl] = notifier.FrontEndLink(ConfirmPath, token),
            [EmailValueKeys.ExpiresAt] = expiresAt.ToString("O", CultureInfo.InvariantCulture),
        }, EmailBudget.EmailChange, cancellationToken);
        await audit.AppendAsync(AuditEvent.ByHolder(account.SubscriberNumber, now, AuditEventTypes.EmailChangeRequested, EmailMasker.Mask(canonical)), cancellationToken);
        await NotifyOldAddressAsync(EmailTemplate.EmailChangeRequested, account.Email, account.Language, canonical, cancellationToken);
    }

    /// <summary>Uses the link once; the new address is claimed in the unique index before the account points at it.</summary>
    [Refuses(nameof(ProblemCode.LinkInvalid), nameof(ProblemCode.LinkExpired), nameof(ProblemCode.LinkUsed), nameof(ProblemCode.EmailTaken), nameof(ProblemCode.Conflict))]
    public async Task<AccountSummary> ConfirmAsync(string? token, string language, CancellationToken cancellationToken = default)
    {
        var stored = await links.ConsumeAsync(token, TokenKind.EmailChange, cancellationToken);
        if (stored.Record is not { SubscriberNumber: { } subscriberNumber, Payload: { } newEmail })
        {
            throw new DomainException(ProblemCode.LinkInvalid);
        }

        var found = await accounts.GetAsync(subscriberNumber, cancellationToken) ?? throw new DomainException(ProblemCode.LinkInvalid);
        EnsureStillValid(found.Account, stored.Record);
        if (found.Account.Email == newEmail)
        {
            return AccountSummaryFactory.Create(found.Account, language, options.Value.Profile);
        }

        if (!await accounts.TryClaimEmailAsync(newEmail, subscriberNumber, cancellationToken))
        {
            return await AlreadyOursAsync(subscriberNumber, newEmail, language, cancellationToken)
                ?? throw new DomainException(ProblemCode.EmailTaken);
        }

        var oldEmail = found.Account.Email;
        Account updated;
        try
        {
            updated = await updater.UpdateAsync(subscriberNumber, a =>
            {
                EnsureStillValid(a, stored.Record);
                oldEmail = a.Email;
                return a.ChangeEmail(newEmail);
            }, cancellationToken) ?? throw new DomainException(ProblemCode.LinkInvalid);
        }
        catch
        {
            // The account never pointed at the new address: give the claim back so the address stays usable.
            await accounts.ReleaseEmailAsync(newEmail, subscriberNumber, CancellationToken.None);
            throw;
        }

        await accounts.ReleaseEmailAsync(oldEmail, subscriberNumber, cancellationToken);
        await audit.AppendAsync(AuditEvent.ByHolder(subscriberNumber, time.GetUtcNow(), AuditEventTypes.EmailChanged, EmailMasker.Mask(newEmail)), cancellationToken);
        await NotifyOldAddressAsync(EmailTemplate.EmailChanged, oldEmail, updated.Language, newEmail, cancellationToken);

        return AccountSummaryFactory.Create(updated, language, options.Value.Profile);
    }

    /// <summary>
    /// The index refused the claim: either another account holds the address, or a concurrent confirmation
    /// of another link to the same address won the claim and has already moved this account to it.
    /// </summary>
    private async Task<AccountSummary?> AlreadyOursAsync(string subscriberNumber, string newEmail, string language, CancellationToken cancellationToken)
    {
        var current = await accounts.GetAsync(subscriberNumber, cancellationToken);
        return current?.Account.Email == newEmail ? AccountSummaryFactory.Create(current.Account, language, options.Value.Profile) : null;
    }

    /// <summary>A password change since the request (stamp moved) or a lost activation revokes the link.</summary>
    private static void EnsureStillValid(Account account, TokenRecord record)
    {
        if (account.SecurityStamp != record.SecurityStamp || account.Status != AccountStatus.Active)
        {
            throw OneTimeTokens.Revoked();
        }
    }

    private Task NotifyOldAddressAsync(EmailTemplate template, string oldEmail, string language, string newEmail, CancellationToken cancellationToken)
        => notifier.SendAsync(template, oldEmail, language, new Dictionary<string, string>
        {
            [EmailValueKeys.NewEmailMasked] = EmailMasker.Mask(newEmail),
        }, EmailBudget.None, cancellationToken);
}
