using System.Globalization;
using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Answers;
using RecoveryFunctions.Core.Email;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Notifications;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Passwords;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Recovery;

/// <summary>
/// Step 3 (SPEC §2.3): the answer, normalised, against its Argon2id hash. The attempt is counted on
/// the account under its ETag *before* the check, so 30 parallel wrong answers cannot get more than 3
/// compared; a right answer gives its attempt back. The third wrong answer locks recovery for 24 hours
/// and emails the holder.
/// </summary>
public sealed class SecurityAnswerCheck(
    RecoveryFlows flows,
    ITokenStore tokens,
    IAccountStore accounts,
    AccountUpdater updater,
    IPasswordHasher hasher,
    Notifier notifier,
    IOptions<ThrottleOptions> throttleOptions,
    TimeProvider time)
{
    public async Task<OpenFlow> AnswerAsync(string? flowId, string answer, CancellationToken cancellationToken = default)
    {
        var (flow, payload) = await flows.FindAsync(flowId, RecoveryFlowStage.Answer, cancellationToken);
        var now = time.GetUtcNow();
        var subscriberNumber = flow.Record.SubscriberNumber ?? throw new DomainException(ErrorCodes.FlowInvalid, DomainErrorKind.Validation);
        RecoveryEligibility.Require((await accounts.GetAsync(subscriberNumber, cancellationToken))?.Account, flow.Record, now);

        var allowed = true;
        var account = await updater.UpdateAsync(subscriberNumber, a =>
        {
            var counted = WrongAnswerPolicy.CountAttempt(a, throttleOptions.Value, now);
            allowed = counted is not null;
            return counted;
        }, cancellationToken) ?? throw new DomainException(ErrorCodes.FlowInvalid, DomainErrorKind.Validation);
        if (!allowed)
        {
            throw RecoveryEligibility.Locked();
        }

        var right = SecurityAnswerNormalizer.TryNormalize(answer, out var normalized, out _) && hasher.Verify(normalized, account.SecurityAnswerHash);
        if (!right)
        {
            if (!SecurityAnswerNormalizer.TryNormalize(answer, out _, out _))
            {
                hasher.DummyVerify(answer);
            }

            await RefuseAsync(account, now, cancellationToken);
        }

        // The right answer does not count against the holder.
        await updater.UpdateAsync(subscriberNumber, a => a with { WrongAnswers = Math.Max(0, a.WrongAnswers - 1) }, cancellationToken);
        if (!await tokens.TryReplaceAsync(flow, flow.Record with { Payload = (payload with { Stage = RecoveryFlowMachine.AnswerAccepted(payload.Stage) }).Serialize() }, cancellationToken))
        {
            throw new DomainException(ErrorCodes.LinkUsed, DomainErrorKind.Gone);
        }

        return new OpenFlow(flowId!, flow.Record.ExpiresAt);
    }

    private async Task RefuseAsync(Account counted, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var left = WrongAnswerPolicy.AttemptsLeft(counted, throttleOptions.Value, now);
        if (left > 0)
        {
            throw new DomainException(ErrorCodes.AnswerIncorrect, DomainErrorKind.Validation, new Dictionary<string, string[]>
            {
                ["answer"] = [ErrorCodes.AnswerIncorrect],
                ["attemptsLeft"] = [left.ToString(CultureInfo.InvariantCulture)],
            });
        }

        var lockedUntil = now + throttleOptions.Value.RecoveryLock;
        var locked = await updater.UpdateAsync(counted.SubscriberNumber, a => a with { RecoveryLockedUntil = lockedUntil }, cancellationToken);
        await notifier.SendAsync(EmailTemplate.RecoveryLocked, locked!.Email, locked.Language, new Dictionary<string, string>
        {
            [EmailValueKeys.LockedUntil] = lockedUntil.ToString("O", CultureInfo.InvariantCulture),
        }, strangerTriggered: false, cancellationToken);
        throw RecoveryEligibility.Locked();
    }
}
