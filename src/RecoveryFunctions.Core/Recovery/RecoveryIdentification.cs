using System.Globalization;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Core.Notifications;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Sessions;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Recovery;

/// <summary>
/// Step 1 (contract §2.3): email + captcha. Unknown, pending, locked and active addresses cost the same
/// storage and queue operations in the same order; only the queue worker learns whether the message
/// has a recipient. The answer is always 202 with a flow id.
/// Nothing here can be spent by a stranger against the holder (docs/security/ways-back.md): the only refusal counts the
/// sender's own client address, and a request the client then proves by reading the mailbox is given back
/// (<see cref="ClientAllowance.Recovery"/>, docs/security/shared-addresses.md); a request never revokes another one's link or code (each code lives on the flow that
/// asked for it, and a reset kills them all through the security stamp); the emails it causes spend an allowance of the
/// address that depends on whether the account knows this client, which the queue worker enforces.
/// </summary>
public sealed class RecoveryIdentification(
    IAccountStore accounts,
    RecoveryFlows flows,
    ITokenKeyProvider keys,
    ClientLimits limits,
    Notifier notifier,
    IOptions<RecoveryOptions> options,
    IOptions<ThrottleOptions> throttleOptions,
    RecoveryMetrics metrics,
    TimeProvider time)
{
    /// <param name="captchaSolved">
    /// The request's captcha was checked without its give-back (<see cref="Captcha.CaptchaService.RequireSolvedAsync"/>):
    /// it is given back here, with the request's own count (one query and one batch for both).
    /// </param>
    [Refuses(nameof(ProblemCode.RateLimited))]
    public async Task<OpenFlow> IdentifyAsync(string email, string clientIp, bool captchaSolved = false, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var expiresAt = now + options.Value.RecoveryLinkLifetime;
        ClientAllowance? givingBack = captchaSolved ? ClientAllowance.Captcha : null;
        if (!EmailCanonicalizer.TryCanonicalize(email, out var canonical))
        {
            // Cannot be anyone's address: the generic answer, and nothing else is read or written.
            if (givingBack is { } solved)
            {
                await limits.GiveBackAsync(solved, clientIp, cancellationToken);
            }

            return new OpenFlow(TokenCodec.NewToken(expiresAt), expiresAt);
        }

        // Counts the sender's own address only: no count keyed by the account, which strangers could fill for the holder.
        await (givingBack is { } proven
            ? limits.SpendGivingBackAsync(ClientAllowance.Recovery, proven, clientIp, cancellationToken)
            : limits.SpendAsync(ClientAllowance.Recovery, clientIp, cancellationToken));
        var found = (await accounts.FindByEmailAsync(canonical, cancellationToken))?.Account;
        var active = found is { Status: AccountStatus.Active } a ? a : null;
        var locked = active is not null && active.IsRecoveryLocked(now);
        var holder = locked ? null : active;

        var code = CodeGenerator.NewCode();
        var ring = await keys.GetKeyRingAsync(cancellationToken);
        var proof = await flows.OpenMailboxAsync(holder, now, expiresAt, SaltedSecret.Protect(ring, code), helpdesk: false, cancellationToken);

        // One message whatever the account: the link and code, the lock's end, or nothing the worker can deliver.
        if (locked)
        {
            await notifier.SendAsync(EmailTemplate.RecoveryStillLocked, active!.Email, active.Language, new Dictionary<string, string>
            {
                [EmailValueKeys.LockedUntil] = active.RecoveryLockedUntil!.Value.ToString("O", CultureInfo.InvariantCulture),
            }, EmailBudget.RecoveryLockNotice, cancellationToken);
        }
        else
        {
            var knownClient = holder is not null && holder.IsFamiliarClient(ring, clientIp, now, throttleOptions.Value);
            await notifier.SendAsync(EmailTemplate.RecoveryLink, holder?.Email, holder?.Language ?? "fr", new Dictionary<string, string>
            {
                [EmailValueKeys.RecoveryUrl] = notifier.FrontEndLink("mot-de-passe-oublie", proof.LinkToken),
                [EmailValueKeys.Code] = CodeGenerator.Format(code),
                [EmailValueKeys.ExpiresAt] = expiresAt.ToString("O", CultureInfo.InvariantCulture),
            }, knownClient ? EmailBudget.RecoveryFromKnownClient : EmailBudget.Recovery, cancellationToken);
        }

        metrics.RecoveryStart();
        return new OpenFlow(proof.FlowId, expiresAt);
    }
}
