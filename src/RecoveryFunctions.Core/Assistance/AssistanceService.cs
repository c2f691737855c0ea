using System.Globalization;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.FranceConnect;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Core.Notifications;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Passkeys;
using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Core.Sessions;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Assistance;

/// <summary>
/// What a helpdesk agent can do (contract §2.5). Every operation on an account is written to the audit trail
/// *before* it takes effect (no audit, no action) and emails the holder, look-ups included: a holder who
/// did not call the helpdesk learns that someone consulted their data. An agent never sees or sets a
/// password: the most they can do is send the holder a link that skips the security question.
/// </summary>
public sealed class AssistanceService(
    IAccountStore accounts,
    RecoveryFlows flows,
    AccountUpdater updater,
    SignInLockout signInLockout,
    IAuditLog audit,
    Notifier notifier,
    IPasskeyIndex passkeyIndex,
    IFranceConnectBindingStore franceConnect,
    IOptions<RecoveryOptions> options,
    TimeProvider time)
{
    private const int MaxEvents = 200;

    [Refuses(nameof(ProblemCode.AccountNotFound))]
    public async Task<AgentAccountView> LookUpAsync(AgentRequest request, string subscriberNumber, string language, CancellationToken cancellationToken = default)
        => await ViewAsync(request, (await accounts.GetAsync(subscriberNumber, cancellationToken))?.Account, subscriberNumber, language, cancellationToken);

    /// <exception cref="DomainException"><c>email-invalid</c> before anything is read or written: only a canonical address is searched and traced.</exception>
    [Refuses(nameof(ProblemCode.ValidationFailed), nameof(ProblemCode.AccountNotFound))]
    public async Task<AgentAccountView> LookUpByEmailAsync(AgentRequest request, string? email, string language, CancellationToken cancellationToken = default)
    {
        if (!EmailCanonicalizer.TryCanonicalize(email, out var canonical))
        {
            throw DomainException.Validation("email", FieldCodes.EmailInvalid);
        }

        // What was searched stays traceable, the address masked: the trail is read by many agents.
        return await ViewAsync(request, (await accounts.FindByEmailAsync(canonical, cancellationToken))?.Account, EmailMasker.Mask(canonical), language, cancellationToken);
    }

    /// <summary>
    /// Emails a 12-hour link whose mailbox proof opens the password stage directly. It also lifts a recovery
    /// lock: the agent has checked the holder's identity by other means, and the lock only guards the question
    /// this link skips.
    /// </summary>
    [Refuses(nameof(ProblemCode.AccountNotFound), nameof(ProblemCode.AccountNotActive), nameof(ProblemCode.Conflict))]
    public async Task SendRecoveryLinkAsync(AgentRequest request, string subscriberNumber, CancellationToken cancellationToken = default)
    {
        var account = await RequireAsync(subscriberNumber, cancellationToken);
        if (account.Status != AccountStatus.Active)
        {
            throw new DomainException(ProblemCode.AccountNotActive);
        }

        await RecordAsync(request, account, AuditEventTypes.AgentRecoveryLink, cancellationToken);
        var now = time.GetUtcNow();
        account = await updater.UpdateAsync(subscriberNumber, a => a.IsRecoveryLocked(now) ? a.LiftRecoveryLock() : null, cancellationToken) ?? throw NotFound();

        var expiresAt = now + options.Value.HelpdeskLinkLifetime;
        var proof = await flows.OpenMailboxAsync(account, now, expiresAt, codeHash: null, helpdesk: true, cancellationToken);

        await notifier.SendAsync(EmailTemplate.HelpdeskRecoveryLink, account.Email, account.Language, new Dictionary<string, string>
        {
            [EmailValueKeys.RecoveryUrl] = notifier.FrontEndLink("mot-de-passe-oublie", proof.LinkToken),
            [EmailValueKeys.ExpiresAt] = Format(expiresAt),
        }, EmailBudget.None, cancellationToken);
    }

    /// <summary>Clears the recovery lock and its wrong-answer count, and the sign-in locks (the account's and its address's lockout).</summary>
    [Refuses(nameof(ProblemCode.AccountNotFound), nameof(ProblemCode.Conflict))]
    public async Task UnlockAsync(AgentRequest request, string subscriberNumber, CancellationToken cancellationToken = default)
    {
        var account = await RequireAsync(subscriberNumber, cancellationToken);
        await RecordAsync(request, account, AuditEventTypes.AgentUnlock, cancellationToken);

        await updater.UpdateAsync(subscriberNumber, a => a.LiftRecoveryLock().LiftSignInLock(), cancellationToken);
        await signInLockout.ClearAsync(account.Email, cancellationToken);
    }

    /// <summary>Revokes every passkey of the account (the holder lost the device, or fears a stranger holds one); audited and emailed first.</summary>
    [Refuses(nameof(ProblemCode.AccountNotFound), nameof(ProblemCode.Conflict))]
    public async Task RevokePasskeysAsync(AgentRequest request, string subscriberNumber, CancellationToken cancellationToken = default)
    {
        var account = await RequireAsync(subscriberNumber, cancellationToken);
        await RecordAsync(request, account, AuditEventTypes.AgentPasskeysRevoked, cancellationToken);

        var revoked = account.Passkeys;
        await updater.UpdateAsync(subscriberNumber, a =>
        {
            revoked = a.Passkeys;
            return a.RevokePasskeys();
        }, cancellationToken);
        foreach (var passkey in revoked)
        {
            await passkeyIndex.RemoveAsync(passkey.Id, subscriberNumber, cancellationToken);
        }
    }

    [Refuses(nameof(ProblemCode.AccountNotFound))]
    public async Task<IReadOnlyList<AccountEventView>> ListEventsAsync(AgentRequest request, string subscriberNumber, CancellationToken cancellationToken = default)
    {
        var account = await RequireAsync(subscriberNumber, cancellationToken);
        await RecordAsync(request, account, AuditEventTypes.AgentEventsRead, cancellationToken);
        var events = await audit.ListAsync(account.SubscriberNumber, MaxEvents, cancellationToken);
        return events.Select(e => new AccountEventView(e.At, e.Type, Actor(e), e.AgentId is null ? e.Detail : e.Reason)).ToList();
    }

    private async Task<AgentAccountView> ViewAsync(AgentRequest request, Account? found, string searched, string language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (found is null)
        {
            await audit.AppendAsync(AgentEvent(request, AuditEvent.UnmatchedLookUps, AuditEventTypes.AgentLookUp) with { Detail = searched }, cancellationToken);
            throw NotFound();
        }

        await RecordAsync(request, found, AuditEventTypes.AgentLookUp, cancellationToken);
        var bound = await franceConnect.FindByAccountAsync(found.SubscriberNumber, cancellationToken) is not null;
        return AgentAccountView.Create(found, language, options.Value.Profile, await signInLockout.LockedUntilAsync(found.Email, cancellationToken), bound);
    }

    private async Task<Account> RequireAsync(string subscriberNumber, CancellationToken cancellationToken)
        => (await accounts.GetAsync(subscriberNumber, cancellationToken))?.Account ?? throw NotFound();

    private async Task RecordAsync(AgentRequest request, Account account, string type, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var entry = AgentEvent(request, account.SubscriberNumber, type);
        await audit.AppendAsync(entry, cancellationToken);
        await notifier.SendAsync(EmailTemplate.AssistanceAction, account.Email, account.Language, new Dictionary<string, string>
        {
            [EmailValueKeys.Action] = AssistanceActionLabels.For(type, account.Language),
            [EmailValueKeys.Date] = Format(entry.At),
        }, EmailBudget.None, cancellationToken);
    }

    private AuditEvent AgentEvent(AgentRequest request, string partition, string type)
        => new(partition, time.GetUtcNow(), type, request.Agent.Id, request.Agent.Name, request.Reason);

    private static string Actor(AuditEvent e) => e.AgentId is null ? "holder" : $"agent:{e.AgentId} ({e.AgentName})";

    private static DomainException NotFound() => new(ProblemCode.AccountNotFound);

    private static string Format(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);
}
