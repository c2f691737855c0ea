using System.Globalization;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Notifications;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Recovery;

/// <summary>
/// What the holder proves after the mailbox — the security answer (seed profile) or an enrolled factor (ASVS profile) —
/// counted alike on the account (contract §2.3: 3 wrong in 24 hours lock self-service recovery for 24 hours): each try
/// is counted under the account's ETag *before* it is compared, so parallel guesses cannot get more compared than the
/// limit, and the last wrong one locks recovery and emails the holder. Also what spending a saved recovery code tells
/// the holder, whichever way it was spent.
/// </summary>
public sealed class RecoveryAttempts(
    RecoveryFlows flows,
    IAccountStore accounts,
    AccountUpdater updater,
    Notifier notifier,
    IAuditLog audit,
    IOptions<ThrottleOptions> throttleOptions,
    RecoveryMetrics metrics,
    TimeProvider time)
{
    /// <summary>
    /// As <see cref="ReadAsync"/>, with this try counted: <see cref="FlowRead.Read"/> is the account as the count wrote it.
    /// </summary>
    public async Task<FlowRead> CountAsync(string? flowId, RecoveryFlowAction action, CancellationToken cancellationToken)
    {
        var flowRead = await ReadAsync(flowId, action, cancellationToken);
        var read = flowRead.Read;

        // Counted from the account just read: one write, no second read unless someone wrote in between.
        var now = time.GetUtcNow();
        var counted = await updater.UpdateFromAsync(read.Account.SubscriberNumber, read, a => a.CountAnswerAttempt(throttleOptions.Value, now), cancellationToken)
            ?? throw new DomainException(ProblemCode.FlowInvalid);
        return flowRead with { Read = counted };
    }

    /// <summary>
    /// The flow, checked for <paramref name="action"/>, and its account, eligible for a recovery step. A post-mailbox flow
    /// is checked against its account, read first: the account records whether the flow was completed (<c>link-used</c>)
    /// and whether an answer-stage flow's answer was given (decision 0011): then it is at the password stage
    /// (<see cref="FlowRead.Answered"/>). A mailbox-stage flow is checked before any account is read, so a flow bound to
    /// nobody is refused exactly as one bound to an account.
    /// </summary>
    public async Task<FlowRead> ReadAsync(string? flowId, RecoveryFlowAction action, CancellationToken cancellationToken)
    {
        var flow = await flows.RequireAsync(flowId, cancellationToken);
        var now = time.GetUtcNow();
        var (read, flowKeys) = await flows.ReadBoundAccountAsync(flow, flowId!, action, cancellationToken);
        var answered = read is not null && flow.AnsweredOn(read.Account, flowKeys);
        flow.Check(action, now, answered);
        if (flowKeys.Count == 0)
        {
            read = await ReadAccountAsync(flow, cancellationToken);
        }

        flow.RequireEligible(read?.Account, now);
        return new FlowRead(flow, read ?? throw new DomainException(ProblemCode.FlowInvalid), answered) { FlowKeys = flowKeys };
    }

    private Task<VersionedAccount?> ReadAccountAsync(RecoveryFlow flow, CancellationToken cancellationToken)
        => accounts.GetAsync(flow.SubscriberNumber ?? throw new DomainException(ProblemCode.FlowInvalid), cancellationToken);

    /// <summary>A wrong try: <paramref name="wrong"/> with the tries left, or, for the last one, the lock, audited and emailed.</summary>
    /// <param name="what">Audited with the try (<c>factor=recovery-code</c>), null for the answer.</param>
    public async Task<Exception> RefuseAsync(VersionedAccount countedVersion, Func<int, DomainException> wrong, string? what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(countedVersion);
        ArgumentNullException.ThrowIfNull(wrong);
        var now = time.GetUtcNow();
        var counted = countedVersion.Account;
        var left = counted.AnswerAttemptsLeft(throttleOptions.Value, now);
        var lockedUntil = counted.LockRecovery(throttleOptions.Value, now).RecoveryLockedUntil!.Value;
        var prefix = what is null ? "" : what + " ";
        await audit.AppendAsync(left > 0
            ? AuditEvent.ByHolder(counted.SubscriberNumber, now, AuditEventTypes.RecoveryAnswerWrong, $"{prefix}attemptsLeft={left.ToString(CultureInfo.InvariantCulture)}")
            : AuditEvent.ByHolder(counted.SubscriberNumber, now, AuditEventTypes.RecoveryLocked, $"{prefix}until={lockedUntil.ToString("O", CultureInfo.InvariantCulture)}"), cancellationToken);
        if (left > 0)
        {
            return wrong(left);
        }

        metrics.LockSet("answer");
        var locked = (await updater.UpdateFromAsync(counted.SubscriberNumber, countedVersion, a => a.LockRecovery(throttleOptions.Value, now), cancellationToken))!.Account;
        await notifier.SendAsync(EmailTemplate.RecoveryLocked, locked.Email, locked.Language, new Dictionary<string, string>
        {
            [EmailValueKeys.LockedUntil] = lockedUntil.ToString("O", CultureInfo.InvariantCulture),
        }, EmailBudget.None, cancellationToken);
        return Account.RecoveryLocked();
    }

    /// <summary>A saved recovery code was spent (either way back): audited, and the holder told how many are left.</summary>
    public async Task RecoveryCodeSpentAsync(Account spent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spent);
        var now = time.GetUtcNow();
        var left = spent.RecoveryCodes.Count;
        await audit.AppendAsync(AuditEvent.ByHolder(spent.SubscriberNumber, now, AuditEventTypes.RecoveryCodeUsed, $"codesLeft={left.ToString(CultureInfo.InvariantCulture)}"), cancellationToken);
        await notifier.SendAsync(EmailTemplate.RecoveryCodeUsed, spent.Email, spent.Language, new Dictionary<string, string>
        {
            [EmailValueKeys.Date] = now.ToString("O", CultureInfo.InvariantCulture),
            [EmailValueKeys.CodesLeft] = left.ToString(CultureInfo.InvariantCulture),
        }, EmailBudget.None, cancellationToken);
        metrics.FactorProve("recovery-code");
    }
}

/// <summary>A flow checked for a step, its account as read, and whether the account records the flow as answered.</summary>
public sealed record FlowRead(RecoveryFlow Flow, VersionedAccount Read, bool Answered)
{
    /// <summary>The flow id's keyed hashes, the current key first (<see cref="RecoveryFlows.AnswerKeysAsync"/>); empty for a mailbox-stage flow.</summary>
    public IReadOnlyList<string> FlowKeys { get; init; } = [];
}
