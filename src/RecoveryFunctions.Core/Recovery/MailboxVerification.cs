using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Questions;
using RecoveryFunctions.Core.Summary;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Core.Throttling;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Recovery;

/// <summary>
/// Step 2 (contract §2.3): the link token or the typed code proves the mailbox. Code attempts are counted
/// on the flow row under its ETag before the code is compared, so parallel guesses cannot exceed the
/// limit. Success closes the mailbox flow (single use) and opens the next stage, in one transaction (the question, or under the ASVS
/// profile an enrolled factor or the new password: <see cref="RecoveryFlow.StageAfterMailbox"/>), and gives the client back the
/// forgotten-password request it proved (<see cref="ClientAllowance.Recovery"/>): a stranger cannot read the holder's
/// mailbox, so only requests for mailboxes the client reads are given back (docs/security/shared-addresses.md).
/// </summary>
public sealed class MailboxVerification(
    ITokenKeyProvider keys,
    IAccountStore accounts,
    RecoveryFlows flows,
    IAuditLog audit,
    ClientLimits limits,
    IOptions<ThrottleOptions> throttleOptions,
    RecoveryMetrics metrics,
    TimeProvider time)
{
    [Refuses(nameof(ProblemCode.LinkInvalid), nameof(ProblemCode.LinkExpired), nameof(ProblemCode.LinkUsed), nameof(ProblemCode.FlowStepInvalid), nameof(ProblemCode.RecoveryLocked))]
    public async Task<VerifiedFlow> VerifyLinkAsync(string? token, string language, string clientAddress, CancellationToken cancellationToken = default)
    {
        // One point read at the address the link carries, its secret checked before anything about the flow is told.
        var flow = await flows.FindByLinkAsync(token, cancellationToken) ?? throw new DomainException(ProblemCode.LinkInvalid);
        flow.Check(RecoveryFlowAction.ProveMailbox, time.GetUtcNow());
        return await ProveAsync(flow, language, clientAddress, cancellationToken);
    }

    [Refuses(nameof(ProblemCode.FlowInvalid), nameof(ProblemCode.CodeIncorrect), nameof(ProblemCode.LinkExpired), nameof(ProblemCode.LinkUsed), nameof(ProblemCode.FlowStepInvalid), nameof(ProblemCode.RecoveryLocked), nameof(ProblemCode.Conflict))]
    public async Task<VerifiedFlow> VerifyCodeAsync(string? flowId, string? code, string language, string clientAddress, CancellationToken cancellationToken = default)
    {
        var flow = await flows.RequireAsync(flowId, cancellationToken);
        var limit = throttleOptions.Value.CodeAttempts;
        var now = time.GetUtcNow();
        var counted = await flows.ApplyAsync(flow, f => f.CountCodeAttempt(now, limit), () => new DomainException(ProblemCode.FlowInvalid), cancellationToken);
        var ring = await keys.GetKeyRingAsync(cancellationToken);

        if (!(CodeGenerator.TryNormalize(code, out var typed) && counted.CodeMatches(ring, typed)) || counted.SubscriberNumber is null)
        {
            throw new DomainException(ProblemCode.CodeIncorrect, new Dictionary<string, string[]>
            {
                ["code"] = [FieldCodes.CodeIncorrect],
            }, attemptsLeft: limit - counted.Attempts);
        }

        return await ProveAsync(counted, language, clientAddress, cancellationToken);
    }

    private async Task<VerifiedFlow> ProveAsync(RecoveryFlow mailboxFlow, string language, string clientAddress, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var account = mailboxFlow.SubscriberNumber is { } number ? (await accounts.GetAsync(number, cancellationToken))?.Account : null;
        // Every live link and code of the account works until it expires or a reset moves the security stamp: a newer
        // request revokes none, so a stranger's request cannot kill the holder's.
        mailboxFlow.RequireEligible(account, now);

        var (next, nextId) = await flows.ProveMailboxAsync(mailboxFlow, account!, now, cancellationToken);
        await audit.AppendAsync(AuditEvent.ByHolder(account!.SubscriberNumber, now, AuditEventTypes.RecoveryVerified, next.Helpdesk ? "helpdesk-link" : null), cancellationToken);
        metrics.MailboxProve(next.Helpdesk);
        if (!next.Helpdesk)
        {
            // Each mailbox flow is proven once (above), so a client never gets back more than it spent.
            await limits.GiveBackAsync(ClientAllowance.Recovery, clientAddress, cancellationToken);
        }

        var question = next.Stage == RecoveryFlowStage.Answer ? new QuestionView(account.SecurityQuestionId, SecurityQuestionCatalog.Find(account.SecurityQuestionId)?.Text(language) ?? "") : null;
        IReadOnlyList<RecoveryFactor> factors = next.Stage == RecoveryFlowStage.Factor ? account.EnrolledFactors() : [];
        return new VerifiedFlow(nextId, next.Stage, question, factors, next.ExpiresAt, account.AnswerAttemptsLeft(throttleOptions.Value, now));
    }
}
