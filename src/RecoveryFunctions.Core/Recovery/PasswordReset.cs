using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.AccountSpace;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Passwords;
using RecoveryFunctions.Core.Summary;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Recovery;

/// <summary>
/// Step 4 (contract §2.3): the new password twice. The flow row is not written: the password write, under the account's
/// ETag, records the flow as completed (a keyed hash of its id, <see cref="Account.CompletedFlow"/>) and renews the
/// security stamp, which revokes every flow of the account, so of any number of concurrent posts exactly one resets and
/// the others, like any later replay, are told <c>link-used</c> (docs/decisions/0011, "The completed flow"). No automatic
/// sign-in. A flow still at the answer stage is accepted when its account records it as answered (decision 0011). The
/// <c>password-reset</c> audit row is written with the password, in one transaction (<see cref="PasswordChanger"/>).
/// <para>After a FranceConnect recovery (issue 22 item 2) the holder may also give a new login address: it is confirmed
/// by a link sent to it, as an address change from the account space (<see cref="EmailChangeService"/>), and the old
/// address is told. Any other flow refuses one (<c>flow-step-invalid</c>): the mailbox it proved is the login address.</para>
/// </summary>
public sealed class PasswordReset(RecoveryAttempts attempts, PasswordChanger changer, EmailChangeService emailChange, RecoveryMetrics metrics, IOptions<RecoveryOptions> options)
{
    [Refuses(nameof(ProblemCode.ValidationFailed), nameof(ProblemCode.FlowInvalid), nameof(ProblemCode.FlowExpired), nameof(ProblemCode.FlowStepInvalid), nameof(ProblemCode.LinkExpired), nameof(ProblemCode.LinkUsed), nameof(ProblemCode.RecoveryLocked), nameof(ProblemCode.Conflict))]
    public async Task<AccountSummary> ResetAsync(string? flowId, string newPassword, string confirmation, string language, string? newEmail = null, CancellationToken cancellationToken = default)
    {
        var flowRead = await attempts.ReadAsync(flowId, RecoveryFlowAction.Complete, cancellationToken);
        var (flow, read, _) = flowRead;
        var account = read.Account;

        if (!string.Equals(newPassword, confirmation, StringComparison.Ordinal))
        {
            throw DomainException.Validation("newPasswordConfirmation", FieldCodes.PasswordMismatch);
        }

        changer.Validate(account, newPassword, "newPassword");
        string? newAddress = null;
        if (!string.IsNullOrWhiteSpace(newEmail))
        {
            newAddress = flow.Factor == RecoveryFactor.FranceConnect ? EmailChangeService.NewAddress(account, newEmail) : throw new DomainException(ProblemCode.FlowStepInvalid);
        }

        // The stamp moved under us: this flow's own reset won the race (link-used), or another change revoked it (link-expired).
        var changed = await changer.ApplyAsync(account, newPassword, fresh => fresh is not null && fresh.HasCompleted(flowRead.FlowKeys)
            ? RecoveryFlow.Refuse(RecoveryFlowRefusal.Used, RecoveryFlowAction.Complete)
            : new DomainException(ProblemCode.LinkExpired), read.Version, completesRecovery: true, completedFlow: flowRead.FlowKeys[0], cancellationToken);
        if (newAddress is not null)
        {
            // Issued under the new security stamp: the reset has just revoked every older link.
            await emailChange.SendLinkAsync(changed, newAddress, cancellationToken);
        }

        metrics.RecoveryComplete();
        return AccountSummaryFactory.Create(changed, language, options.Value.Profile);
    }
}
