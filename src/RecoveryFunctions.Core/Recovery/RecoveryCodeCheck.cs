using System.Globalization;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Identity;
using RecoveryFunctions.Core.Notifications;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.RecoveryCodes;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Recovery;

/// <summary>
/// "J'ai un code de secours" (contract §2.9, docs/security/recovery-codes.md): email + captcha + a saved recovery code
/// stand in for the mailbox proof and the question, and open a flow at the password stage. Every refusal is the same
/// <c>recovery-code-invalid</c>, with the same storage operations, for an unknown, pending, locked or active address,
/// with or without codes: the counters are keyed by the typed address and the client, never by what storage holds
/// (as the sign-in lockout), the account look-up reads the decoy row for an unknown address, and a typed code is
/// compared with at least a full set. Wrong codes follow the wrong-answer rule's numbers (3 per address in 24 h, then
/// 24 h refused) on a count of their own: a stranger who knows only the address can spend it, so it closes this way
/// back only, never the emailed link and the question (contract §5).
/// </summary>
public sealed class RecoveryCodeCheck(
    IAccountStore accounts,
    AccountUpdater updater,
    RecoveryFlows flows,
    ITokenKeyProvider keys,
    IThrottleStore throttles,
    ClientLimits clientLimits,
    Notifier notifier,
    RecoveryAttempts attempts,
    IOptions<ThrottleOptions> throttleOptions,
    IOptions<RecoveryOptions> recoveryOptions,
    RecoveryMetrics metrics,
    TimeProvider time)
{
    public const string AddressScope = "recovery-code-address";

    [Refuses(nameof(ProblemCode.ValidationFailed), nameof(ProblemCode.RecoveryCodeInvalid), nameof(ProblemCode.RecoveryCodesLocked), nameof(ProblemCode.RateLimited), nameof(ProblemCode.FlowStepInvalid), nameof(ProblemCode.Conflict))]
    public async Task<OpenFlow> RecoverAsync(string email, string recoveryCode, string clientIp, CancellationToken cancellationToken = default)
    {
        // Under the ASVS profile a code comes after the mailbox proof (RecoveryFactorCheck), never instead of it: refused
        // before anything is read, the same for every address.
        if (recoveryOptions.Value.Profile != StandardsProfile.Seed)
        {
            throw new DomainException(ProblemCode.FlowStepInvalid);
        }

        // Decided from the typed text alone: nothing is read or counted, the same for every address.
        if (!RecoveryCodeFormat.TryNormalize(recoveryCode, out var code))
        {
            throw DomainException.Validation("recoveryCode", FieldCodes.RecoveryCodeMalformed);
        }

        if (!EmailCanonicalizer.TryCanonicalize(email, out var canonical))
        {
            // Cannot be anyone's address: the generic refusal, and nothing is read or written.
            throw Invalid();
        }

        var now = time.GetUtcNow();
        var address = await CountAsync(canonical, clientIp, cancellationToken);
        var found = await accounts.FindByEmailAsync(canonical, cancellationToken);
        var active = found?.Account is { Status: AccountStatus.Active } a ? a : null;

        // A locked account is refused like any other: the password step would refuse it (RecoveryFlow.RequireEligible).
        var holder = active is not null && !active.IsRecoveryLocked(now) ? active : null;
        var ring = await keys.GetKeyRingAsync(cancellationToken);
        var candidates = RecoveryCodeFormat.CandidateHashes(ring, holder?.SubscriberNumber ?? IAccountStore.DecoySubscriberNumber, code);
        if (!RecoveryCodeFormat.Matches(holder?.RecoveryCodes ?? [], candidates))
        {
            await FailedAsync(address, active, cancellationToken);
            throw Invalid();
        }

        // The flow first: if spending the code then loses a race, an unreachable flow is left, never a spent code without a flow.
        var (flow, flowId) = await flows.OpenAfterFactorAsync(holder!, RecoveryFactor.RecoveryCode, now, cancellationToken);
        var spent = await updater.UpdateFromAsync(holder!.SubscriberNumber, found, current =>
            current.Status == AccountStatus.Active && current.SecurityStamp == holder.SecurityStamp && !current.IsRecoveryLocked(now)
                ? current.UseRecoveryCode(candidates)
                : throw Invalid(), cancellationToken) ?? throw Invalid();

        // The right code was not a wrong attempt: handed back, as a right answer is; and it proves the client honest, so
        // a counter where many holders use their codes from one address does not add up (docs/security/shared-addresses.md).
        await throttles.RefundAsync([AddressCounter(canonical)], throttleOptions.Value.RecoveryLock, cancellationToken: cancellationToken);
        await clientLimits.GiveBackAsync(ClientAllowance.RecoveryCode, clientIp, cancellationToken);
        await attempts.RecoveryCodeSpentAsync(spent.Account, cancellationToken);
        return new OpenFlow(flowId, flow.ExpiresAt);
    }

    /// <summary>
    /// Counts the client (429 before anything else is spent), then the typed address (counted before the comparison,
    /// so parallel guesses cannot get more compared than the limit): the address counter's decision, whose
    /// <see cref="ThrottleDecision.Filled"/> says this attempt is the one that starts the refusal period.
    /// </summary>
    private async Task<ThrottleDecision> CountAsync(string canonicalEmail, string clientIp, CancellationToken cancellationToken)
    {
        await clientLimits.SpendAsync(ClientAllowance.RecoveryCode, clientIp, cancellationToken);
        var address = await throttles.HitAsync([AddressCounter(canonicalEmail)], throttleOptions.Value.RecoveryLock, cancellationToken);
        return address.Allowed ? address : throw new DomainException(ProblemCode.RecoveryCodesLocked, retryAfter: address.RetryAfter);
    }

    /// <summary>
    /// The wrong code that fills the address counter queues one message whatever the account (the lock's end to an
    /// active holder, nothing deliverable otherwise), so that attempt too costs the same operations for every address.
    /// </summary>
    private async Task FailedAsync(ThrottleDecision address, Account? active, CancellationToken cancellationToken)
    {
        if (!address.Filled.Contains(AddressScope))
        {
            return;
        }

        metrics.LockSet("recovery-code");
        await notifier.SendAsync(EmailTemplate.RecoveryCodesLocked, active?.Email, active?.Language ?? "fr", new Dictionary<string, string>
        {
            [EmailValueKeys.LockedUntil] = address.WindowEnd.ToString("O", CultureInfo.InvariantCulture),
        }, EmailBudget.RecoveryLockNotice, cancellationToken);
    }

    private ThrottleCounter AddressCounter(string canonicalEmail) => new(AddressScope, canonicalEmail, throttleOptions.Value.WrongAnswersBeforeLock);

    private static DomainException Invalid() => new(ProblemCode.RecoveryCodeInvalid);
}
