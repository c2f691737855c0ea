using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Answers;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Passwords;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Recovery;

/// <summary>
/// Step 3 (contract §2.3, seed profile): the answer, normalised, against its Argon2id hash. The attempt is counted on
/// the account before the check (<see cref="RecoveryAttempts"/>), so 30 parallel wrong answers cannot get more than 3
/// compared; a right answer gives its attempt back and is recorded on the account, not on the flow row (decision 0011).
/// The third wrong answer locks recovery for 24 hours and emails the holder.
/// </summary>
public sealed class SecurityAnswerCheck(
    ITokenKeyProvider keys,
    RecoveryAttempts attempts,
    AccountUpdater updater,
    IPasswordHasher hasher,
    RecoveryMetrics metrics,
    TimeProvider time)
{
    [Refuses(nameof(ProblemCode.FlowInvalid), nameof(ProblemCode.FlowExpired), nameof(ProblemCode.FlowStepInvalid), nameof(ProblemCode.LinkUsed), nameof(ProblemCode.LinkExpired), nameof(ProblemCode.AnswerIncorrect), nameof(ProblemCode.RecoveryLocked), nameof(ProblemCode.Conflict))]
    public async Task<OpenFlow> AnswerAsync(string? flowId, string answer, CancellationToken cancellationToken = default)
    {
        var flowRead = await attempts.CountAsync(flowId, RecoveryFlowAction.AcceptAnswer, cancellationToken);
        var (flow, counted, _) = flowRead;
        var flowKeys = flowRead.FlowKeys;
        var now = time.GetUtcNow();
        var account = counted.Account;

        // An answer that cannot be normalised still costs one Argon2id verification, like a wrong one.
        var right = SecurityAnswerNormalizer.TryNormalize(answer, out var normalized, out _)
            ? hasher.Verify(normalized, account.SecurityAnswerHash)
            : DummyVerify(answer);
        if (!right)
        {
            throw await attempts.RefuseAsync(counted, left => new DomainException(ProblemCode.AnswerIncorrect, new Dictionary<string, string[]>
            {
                ["answer"] = [FieldCodes.AnswerIncorrect],
            }, attemptsLeft: left), null, cancellationToken);
        }

        // The right answer does not count against the holder; the same write keeps its fingerprint current (contact form)
        // and records that this flow passed the question, which the password step reads there: the flow row is not
        // written (decision 0011). Of concurrent right answers on one flow, the write that finds the flow already
        // answered (re-run on a fresh read after a lost race) still gives its attempt back, then answers link-used.
        var answerFingerprint = SecretFingerprints.OfAnswer(await keys.GetKeyRingAsync(cancellationToken), account.SubscriberNumber, normalized);
        var answeredBefore = false;
        await updater.UpdateFromAsync(account.SubscriberNumber, counted, a =>
        {
            answeredBefore = a.HasAnswered(flowKeys);
            return a.RefundAnswerAttempt().RecordAnswerFingerprint(answerFingerprint).RecordAnsweredFlow(flowKeys[0], now);
        }, cancellationToken);
        if (answeredBefore)
        {
            throw RecoveryFlow.Refuse(RecoveryFlowRefusal.Used, RecoveryFlowAction.AcceptAnswer);
        }

        metrics.RecoveryAnswer();
        return new OpenFlow(flowId!, flow.ExpiresAt);
    }

    private bool DummyVerify(string answer)
    {
        hasher.DummyVerify(answer);
        return false;
    }
}
