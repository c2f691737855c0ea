using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Passwords;
using RecoveryFunctions.Core.Summary;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Recovery;

/// <summary>
/// Step 4 (contract §2.3): the new password twice. The flow row is closed under its ETag before the
/// password is written, so of any number of concurrent posts exactly one resets. No automatic sign-in.
/// </summary>
public sealed class PasswordReset(RecoveryFlows flows, IAccountStore accounts, PasswordChanger changer, IAuditLog audit, RecoveryMetrics metrics, IOptions<RecoveryOptions> options, TimeProvider time)
{
    [Refuses(nameof(ProblemCode.ValidationFailed), nameof(ProblemCode.FlowInvalid), nameof(ProblemCode.FlowExpired), nameof(ProblemCode.FlowStepInvalid), nameof(ProblemCode.LinkExpired), nameof(ProblemCode.LinkUsed), nameof(ProblemCode.RecoveryLocked), nameof(ProblemCode.Conflict))]
    public async Task<AccountSummary> ResetAsync(string? flowId, string newPassword, string confirmation, string language, CancellationToken cancellationToken = default)
    {
        var flow = await flows.RequireAsync(flowId, cancellationToken);
        var now = time.GetUtcNow();
        flow.Check(RecoveryFlowAction.Complete, now);
        var subscriberNumber = flow.SubscriberNumber ?? throw new DomainException(ProblemCode.FlowInvalid);
        var read = await accounts.GetAsync(subscriberNumber, cancellationToken);
        var account = read?.Account;
        flow.RequireEligible(account, time.GetUtcNow());

        if (!string.Equals(newPassword, confirmation, StringComparison.Ordinal))
        {
            throw DomainException.Validation("newPasswordConfirmation", FieldCodes.PasswordMismatch);
        }

        changer.Validate(account!, newPassword, "newPassword");
        await flows.ApplyOnceAsync(flow, f => f.Complete(now), cancellationToken);
        var changed = await changer.ApplyAsync(account!, newPassword, () => new DomainException(ProblemCode.LinkExpired), read!.Version, completesRecovery: true, cancellationToken);
        await audit.AppendAsync(AuditEvent.ByHolder(changed.SubscriberNumber, time.GetUtcNow(), AuditEventTypes.PasswordReset), cancellationToken);
        metrics.RecoveryComplete();
        return AccountSummaryFactory.Create(changed, language, options.Value.Profile);
    }
}
