using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Passkeys;
using RecoveryFunctions.Core.RecoveryCodes;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Recovery;

/// <summary>
/// The factor stage of the ASVS profile (docs/security/standards-profile.md): after the mailbox proof, a holder who
/// enrolled a factor proves it before choosing a new password, so a reset never bypasses it (ASVS 5.0 6.4.3). Wrong
/// codes count like wrong answers (<see cref="RecoveryAttempts"/>): the holder proved the mailbox, so the count is the
/// account's, and the third wrong one locks recovery. A right code leaves the set in the write that refunds its try.
/// A passkey is proved by the same ceremony as a passkey sign-in, bound to the flow's account (its keys are the allow
/// list); a failed assertion guesses nothing, so it is throttled per client like a sign-in rather than counted as a try.
/// </summary>
public sealed class RecoveryFactorCheck(
    ITokenKeyProvider keys,
    RecoveryFlows flows,
    RecoveryAttempts attempts,
    AccountUpdater updater,
    PasskeyAssertions passkeys,
    TimeProvider time)
{
    [Refuses(nameof(ProblemCode.ValidationFailed), nameof(ProblemCode.FlowInvalid), nameof(ProblemCode.FlowExpired), nameof(ProblemCode.FlowStepInvalid), nameof(ProblemCode.LinkUsed), nameof(ProblemCode.LinkExpired), nameof(ProblemCode.RecoveryCodeIncorrect), nameof(ProblemCode.RecoveryCodeInvalid), nameof(ProblemCode.RecoveryLocked), nameof(ProblemCode.Conflict))]
    public async Task<OpenFlow> ProveRecoveryCodeAsync(string? flowId, string? recoveryCode, CancellationToken cancellationToken = default)
    {
        // Decided from the typed text alone, before any try is counted: a typing slip costs the holder nothing.
        if (!RecoveryCodeFormat.TryNormalize(recoveryCode, out var code))
        {
            throw DomainException.Validation("recoveryCode", FieldCodes.RecoveryCodeMalformed);
        }

        var (flow, counted, _) = await attempts.CountAsync(flowId, RecoveryFlowAction.ProveFactor, cancellationToken);
        var account = counted.Account;
        var candidates = RecoveryCodeFormat.CandidateHashes(await keys.GetKeyRingAsync(cancellationToken), account.SubscriberNumber, code);
        if (!RecoveryCodeFormat.Matches(account.RecoveryCodes, candidates))
        {
            throw await attempts.RefuseAsync(counted, Incorrect, "factor=recovery-code", cancellationToken);
        }

        // Spent before the flow moves: a lost race on the flow leaves a spent code and a flow still at the factor
        // stage, never a password stage reached without a code. Of two uses of one code, the second finds it gone.
        var spent = await updater.UpdateFromAsync(account.SubscriberNumber, counted, a => a.UseRecoveryCode(candidates).RefundAnswerAttempt(), cancellationToken)
            ?? throw new DomainException(ProblemCode.FlowInvalid);
        var now = time.GetUtcNow();
        var written = await flows.ApplyOnceAsync(flow, f => f.ProveFactor(now), cancellationToken);
        await attempts.RecoveryCodeSpentAsync(spent.Account, cancellationToken);
        return new OpenFlow(flowId!, written.ExpiresAt);
    }

    /// <summary>Opens a passkey ceremony for the account of a flow at the factor stage.</summary>
    [Refuses(nameof(ProblemCode.FlowInvalid), nameof(ProblemCode.FlowExpired), nameof(ProblemCode.FlowStepInvalid), nameof(ProblemCode.LinkUsed), nameof(ProblemCode.LinkExpired), nameof(ProblemCode.RecoveryLocked), nameof(ProblemCode.ExtensionLimitReached), nameof(ProblemCode.RateLimited))]
    public async Task<PasskeyChallenge> BeginPasskeyAsync(string? flowId, string clientAddress, CancellationToken cancellationToken = default)
    {
        var (_, account) = await ReadAtFactorStageAsync(flowId, cancellationToken);
        return await passkeys.BeginAsync(account, clientAddress, cancellationToken);
    }

    /// <summary>The flow's account answered its ceremony with one of its passkeys: the flow moves to the password stage.</summary>
    [Refuses(nameof(ProblemCode.FlowInvalid), nameof(ProblemCode.FlowExpired), nameof(ProblemCode.FlowStepInvalid), nameof(ProblemCode.LinkUsed), nameof(ProblemCode.LinkExpired), nameof(ProblemCode.RecoveryLocked), nameof(ProblemCode.ExtensionLimitReached), nameof(ProblemCode.PasskeyInvalid), nameof(ProblemCode.Conflict))]
    public async Task<OpenFlow> ProvePasskeyAsync(string? flowId, string? ceremonyId, string credentialJson, CancellationToken cancellationToken = default)
    {
        var (flow, account) = await ReadAtFactorStageAsync(flowId, cancellationToken);
        var proven = await passkeys.FinishAsync(ceremonyId, credentialJson, cancellationToken);
        if (proven.SubscriberNumber != account.SubscriberNumber)
        {
            throw new DomainException(ProblemCode.PasskeyInvalid);
        }

        var now = time.GetUtcNow();
        var written = await flows.ApplyOnceAsync(flow, f => f.ProveFactor(now), cancellationToken);
        return new OpenFlow(flowId!, written.ExpiresAt);
    }

    private async Task<(RecoveryFlow Flow, Account Account)> ReadAtFactorStageAsync(string? flowId, CancellationToken cancellationToken)
    {
        var (flow, read, _) = await attempts.ReadAsync(flowId, RecoveryFlowAction.ProveFactor, cancellationToken);
        return (flow, read.Account);
    }

    private static DomainException Incorrect(int left) => new(ProblemCode.RecoveryCodeIncorrect, new Dictionary<string, string[]>
    {
        ["recoveryCode"] = [FieldCodes.RecoveryCodeIncorrect],
    }, attemptsLeft: left);
}
