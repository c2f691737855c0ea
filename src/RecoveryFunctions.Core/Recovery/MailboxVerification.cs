using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Questions;
using RecoveryFunctions.Core.Summary;
using RecoveryFunctions.Core.Telemetry;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Recovery;

/// <summary>
/// Step 2 (SPEC §2.3): the link token or the typed code proves the mailbox. Code attempts are counted
/// on the flow row under its ETag before the code is compared, so parallel guesses cannot exceed the
/// limit. Success closes the mailbox flow (single use) and opens the answer flow.
/// </summary>
public sealed class MailboxVerification(
    ITokenStore tokens,
    ITokenKeyProvider keys,
    IAccountStore accounts,
    RecoveryFlows flows,
    RecoveryMarkers markers,
    IAuditLog audit,
    IOptions<ThrottleOptions> throttleOptions,
    RecoveryMetrics metrics,
    TimeProvider time)
{
    public async Task<VerifiedFlow> VerifyLinkAsync(string? token, string language, CancellationToken cancellationToken = default)
    {
        var link = string.IsNullOrEmpty(token) ? null : await FindLinkAsync(token, cancellationToken);
        if (link is null)
        {
            throw new DomainException(ProblemCode.LinkInvalid);
        }

        var linkPayload = RecoveryFlowPayload.Parse(link.Record.Payload);
        var flow = linkPayload.Flow is { } address ? await tokens.GetAsync(address, TokenKind.RecoveryFlow, cancellationToken) : null;
        if (flow is null)
        {
            throw new DomainException(ProblemCode.LinkInvalid);
        }

        flows.Check(link, RecoveryFlowStage.Mailbox, ProblemCode.LinkExpired);
        flows.Check(flow, RecoveryFlowStage.Mailbox, ProblemCode.LinkExpired);
        return await ProveAsync(flow, linkPayload.Helpdesk, language, cancellationToken);
    }

    public async Task<VerifiedFlow> VerifyCodeAsync(string? flowId, string? code, string language, CancellationToken cancellationToken = default)
    {
        // An expired mailbox flow is, to the person holding the email, an expired code.
        var (flow, payload) = await flows.FindAsync(flowId, RecoveryFlowStage.Mailbox, ProblemCode.LinkExpired, cancellationToken);
        var limit = throttleOptions.Value.CodeAttempts;
        var counted = await CountAttemptAsync(flow, limit, cancellationToken);

        var ring = await keys.GetKeyRingAsync(cancellationToken);
        if (!(CodeGenerator.TryNormalize(code, out var typed) && SaltedSecret.Matches(ring, payload.CodeHash, typed)) || flow.Record.SubscriberNumber is null)
        {
            throw new DomainException(ProblemCode.CodeIncorrect, new Dictionary<string, string[]>
            {
                ["code"] = [FieldCodes.CodeIncorrect],
            }, attemptsLeft: limit - counted.Attempts);
        }

        var current = await tokens.GetAsync(flow.Address, TokenKind.RecoveryFlow, cancellationToken) ?? throw new DomainException(ProblemCode.LinkUsed);
        return await ProveAsync(current, payload.Helpdesk, language, cancellationToken);
    }

    /// <summary>Counts one guess before any comparison, under the ETag: of N parallel guesses at most `limit` are compared.</summary>
    private async Task<TokenRecord> CountAttemptAsync(StoredToken flow, int limit, CancellationToken cancellationToken)
    {
        for (var race = 0; race < 50; race++)
        {
            flows.Check(flow, RecoveryFlowStage.Mailbox, ProblemCode.LinkExpired);
            if (flow.Record.Attempts >= limit)
            {
                throw new DomainException(ProblemCode.LinkExpired);
            }

            var counted = flow.Record with { Attempts = flow.Record.Attempts + 1 };
            if (await tokens.TryReplaceAsync(flow, counted, cancellationToken))
            {
                return counted;
            }

            flow = await tokens.GetAsync(flow.Address, TokenKind.RecoveryFlow, cancellationToken)
                ?? throw new DomainException(ProblemCode.FlowInvalid);
        }

        throw new DomainException(ProblemCode.Conflict);
    }

    private async Task<StoredToken?> FindLinkAsync(string token, CancellationToken cancellationToken)
        => await tokens.FindAsync(token, TokenKind.RecoveryLink, cancellationToken)
           ?? await tokens.FindAsync(token, TokenKind.HelpdeskLink, cancellationToken);

    private async Task<VerifiedFlow> ProveAsync(StoredToken mailboxFlow, bool helpdesk, string language, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var account = mailboxFlow.Record.SubscriberNumber is { } number ? (await accounts.GetAsync(number, cancellationToken))?.Account : null;
        RecoveryEligibility.Require(account, mailboxFlow.Record, now);
        if (!helpdesk && await markers.IsSupersededAsync(account!.Email, mailboxFlow, cancellationToken))
        {
            throw new DomainException(ProblemCode.LinkExpired);
        }

        await flows.CloseAsync(mailboxFlow, cancellationToken);
        var next = await flows.OpenAsync(account!, RecoveryFlowMachine.MailboxProven(RecoveryFlowStage.Mailbox, helpdesk), helpdesk, cancellationToken);
        await audit.AppendAsync(AuditEvent.ByHolder(account!.SubscriberNumber, now, AuditEventTypes.RecoveryVerified, helpdesk ? "helpdesk-link" : null), cancellationToken);
        metrics.MailboxProve(helpdesk);
        var question = helpdesk ? null : new QuestionView(account!.SecurityQuestionId, SecurityQuestionCatalog.Find(account.SecurityQuestionId)?.Text(language) ?? "");
        return new VerifiedFlow(next.FlowId, question, next.ExpiresAt, WrongAnswerPolicy.AttemptsLeft(account!, throttleOptions.Value, now));
    }
}
