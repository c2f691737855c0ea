using System.Globalization;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Answers;
using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Notifications;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Passwords;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Recovery;

/// <summary>
/// Step 3 (contract §2.3): the answer, normalised, against its Argon2id hash. The attempt is counted on
/// the account under its ETag *before* the check, so 30 parallel wrong answers cannot get more than 3
/// compared; a right answer gives its attempt back. The third wrong answer locks recovery for 24 hours
/// and emails the holder.
/// </summary>
public sealed class SecurityAnswerCheck(
    ITokenKeyProvider keys,
    RecoveryFlows flows,
    IAccountStore accounts,
    AccountUpdater updater,
    IPasswordHasher hasher,
    Notifier notifier,
    IAuditLog audit,
    IOptions<ThrottleOptions> throttleOptions,
    RecoveryMetrics metrics,
    TimeProvider time)
{
    [Refuses(nameof(ProblemCode.FlowInvalid), nameof(ProblemCode.FlowExpired), nameof(ProblemCode.FlowStepInvalid), nameof(ProblemCode.LinkUsed), nameof(ProblemCode.LinkExpired), nameof(ProblemCode.AnswerIncorrect), nameof(ProblemCode.RecoveryLocked), nameof(ProblemCode.Conflict))]
    public async Task<OpenFlow> AnswerAsync(string? flowId, string answer, CancellationToken cancellationToken = default)
    {
        var flow = await flows.RequireAsync(flowId, cancellationToken);
        var now = time.GetUtcNow();
        flow.Check(RecoveryFlowAction.AcceptAnswer, now);
        var subscriberNumber = flow.SubscriberNumber ?? throw new DomainException(ProblemCode.FlowInvalid);
        var read = await accounts.GetAsync(subscriberNumber, cancellationToken);
        flow.RequireEligible(read?.Account, now);

        // Counted from the account just read: one write, no second read unless someone wrote in between.
        var counted = await updater.UpdateFromAsync(subscriberNumber, read, a => a.CountAnswerAttempt(throttleOptions.Value, now), cancellationToken)
            ?? throw new DomainException(ProblemCode.FlowInvalid);
        var account = counted.Account;

        // An answer that cannot be normalised still costs one Argon2id verification, like a wrong one.
        var right = SecurityAnswerNormalizer.TryNormalize(answer, out var normalized, out _)
            ? hasher.Verify(normalized, account.SecurityAnswerHash)
            : DummyVerify(answer);
        if (!right)
        {
            await RefuseAsync(counted, now, cancellationToken);
        }

        // The right answer does not count against the holder; the same write keeps its fingerprint current (contact form).
        var answerFingerprint = SecretFingerprints.OfAnswer(await keys.GetKeyRingAsync(cancellationToken), subscriberNumber, normalized);
        await updater.UpdateFromAsync(subscriberNumber, counted, a => a.RefundAnswerAttempt().RecordAnswerFingerprint(answerFingerprint), cancellationToken);
        var written = await flows.ApplyOnceAsync(flow, f => f.AcceptAnswer(now), cancellationToken);
        metrics.RecoveryAnswer();
        return new OpenFlow(flowId!, written.ExpiresAt);
    }

    private bool DummyVerify(string answer)
    {
        hasher.DummyVerify(answer);
        return false;
    }

    private async Task RefuseAsync(VersionedAccount countedVersion, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var counted = countedVersion.Account;
        var left = counted.AnswerAttemptsLeft(throttleOptions.Value, now);
        var lockedUntil = counted.LockRecovery(throttleOptions.Value, now).RecoveryLockedUntil!.Value;
        await audit.AppendAsync(left > 0
            ? AuditEvent.ByHolder(counted.SubscriberNumber, now, AuditEventTypes.RecoveryAnswerWrong, $"attemptsLeft={left.ToString(CultureInfo.InvariantCulture)}")
            : AuditEvent.ByHolder(counted.SubscriberNumber, now, AuditEventTypes.RecoveryLocked, $"until={lockedUntil.ToString("O", CultureInfo.InvariantCulture)}"), cancellationToken);
        if (left > 0)
        {
            throw new DomainException(ProblemCode.AnswerIncorrect, new Dictionary<string, string[]>
            {
                ["answer"] = [FieldCodes.AnswerIncorrect],
            }, attemptsLeft: left);
        }

        metrics.LockSet("answer");
        var locked = (await updater.UpdateFromAsync(counted.SubscriberNumber, countedVersion, a => a.LockRecovery(throttleOptions.Value, now), cancellationToken))!.Account;
        await notifier.SendAsync(EmailTemplate.RecoveryLocked, locked.Email, locked.Language, new Dictionary<string, string>
        {
            [EmailValueKeys.LockedUntil] = lockedUntil.ToString("O", CultureInfo.InvariantCulture),
        }, EmailBudget.None, cancellationToken);
        throw Account.RecoveryLocked();
    }
}
