using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Recovery;

/// <summary>Reading, opening and closing recovery flow rows, with the refusals every step shares.</summary>
public sealed class RecoveryFlows(ITokenStore tokens, OneTimeTokens oneTime, IOptions<RecoveryOptions> options, TimeProvider time)
{
    /// <summary>The flow behind <paramref name="flowId"/>, usable and at <paramref name="stage"/>, or the precise refusal.</summary>
    /// <param name="expiredCode">The refusal for an expired row: a mailbox-stage flow reached with the emailed code is an expired link to the holder.</param>
    public async Task<(StoredToken Row, RecoveryFlowPayload Payload)> FindAsync(string? flowId, RecoveryFlowStage stage, ProblemCode? expiredCode = null, CancellationToken cancellationToken = default)
    {
        var row = string.IsNullOrEmpty(flowId) ? null : await tokens.FindAsync(flowId, TokenKind.RecoveryFlow, cancellationToken);
        if (row is null)
        {
            throw new DomainException(ProblemCode.FlowInvalid);
        }

        return Check(row, stage, expiredCode);
    }

    public (StoredToken Row, RecoveryFlowPayload Payload) Check(StoredToken row, RecoveryFlowStage stage, ProblemCode? expiredCode = null)
    {
        oneTime.EnsureUsable(row, expiredCode ?? ProblemCode.FlowExpired);
        var payload = RecoveryFlowPayload.Parse(row.Record.Payload);
        RecoveryFlowMachine.Require(payload.Stage, stage);
        return (row, payload);
    }

    /// <summary>Marks a row used under its ETag: of concurrent callers exactly one gets through.</summary>
    public Task CloseAsync(StoredToken row, CancellationToken cancellationToken = default) => oneTime.CloseAsync(row, cancellationToken);

    /// <summary>
    /// Opens the mailbox stage: a flow row (holding the code's hash, if any) and a link row pointing at it
    /// by address. Self-service requests and helpdesk links differ only in the link kind and the flag.
    /// </summary>
    /// <param name="account">Null for an address with no usable account: the same rows are written, never usable.</param>
    public async Task<MailboxProof> OpenMailboxAsync(Account? account, DateTimeOffset now, DateTimeOffset expiresAt, string? codeHash, bool helpdesk, CancellationToken cancellationToken = default)
    {
        var flowId = await tokens.IssueForAsync(TokenKind.RecoveryFlow, account, now, expiresAt, new RecoveryFlowPayload(RecoveryFlowStage.Mailbox, CodeHash: codeHash, Helpdesk: helpdesk).Serialize(), cancellationToken: cancellationToken);
        var flowAddress = (await tokens.AddressOfAsync(flowId, cancellationToken))!;
        var linkKind = helpdesk ? TokenKind.HelpdeskLink : TokenKind.RecoveryLink;
        var link = await tokens.IssueForAsync(linkKind, account, now, expiresAt, new RecoveryFlowPayload(RecoveryFlowStage.Mailbox, Flow: flowAddress, Helpdesk: helpdesk).Serialize(), cancellationToken: cancellationToken);
        return new MailboxProof(flowId, flowAddress, link);
    }

    /// <summary>Opens the post-mailbox flow (15 minutes, extendable up to 1 hour from now) for an account at a stage.</summary>
    public async Task<OpenFlow> OpenAsync(Account account, RecoveryFlowStage stage, bool helpdesk, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var now = time.GetUtcNow();
        var expiresAt = now + options.Value.RecoveryFlowLifetime;
        var flowId = await tokens.IssueForAsync(
            TokenKind.RecoveryFlow, account, now, expiresAt, new RecoveryFlowPayload(stage, Helpdesk: helpdesk).Serialize(), extendableUntil: now + options.Value.RecoveryFlowMaxLifetime, cancellationToken);
        return new OpenFlow(flowId, expiresAt);
    }

    /// <summary>
    /// Gives a post-mailbox flow one more lifetime, up to its ceiling (RGAA 13.1). Used and expired flows are refused
    /// as at every step; an unknown id gets exactly the expired flow's answer. The mailbox stage keeps its emailed limit.
    /// </summary>
    public async Task<DateTimeOffset> ExtendAsync(string? flowId, CancellationToken cancellationToken = default)
    {
        var row = string.IsNullOrEmpty(flowId) ? null : await tokens.FindAsync(flowId, TokenKind.RecoveryFlow, cancellationToken);
        return await tokens.ExtendAsync(row, options.Value.RecoveryFlowLifetime, RequireExtendable, cancellationToken);
    }

    private StoredToken RequireExtendable(StoredToken? row)
    {
        if (row is null)
        {
            throw new DomainException(ProblemCode.FlowExpired);
        }

        oneTime.EnsureUsable(row, ProblemCode.FlowExpired);
        RecoveryFlowMachine.RequirePastMailbox(RecoveryFlowPayload.Parse(row.Record.Payload).Stage);
        return row;
    }
}
