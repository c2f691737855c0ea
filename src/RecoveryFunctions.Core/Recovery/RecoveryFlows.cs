using Microsoft.Extensions.Options;
using RecoveryFunctions.Core.Accounts;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Options;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Recovery;

/// <summary>Reading, opening and closing recovery flow rows, with the refusals every step shares.</summary>
public sealed class RecoveryFlows(ITokenStore tokens, IOptions<RecoveryOptions> options, TimeProvider time)
{
    /// <summary>The flow behind <paramref name="flowId"/>, usable and at <paramref name="stage"/>, or the precise refusal.</summary>
    public async Task<(StoredToken Row, RecoveryFlowPayload Payload)> FindAsync(string? flowId, RecoveryFlowStage stage, CancellationToken cancellationToken = default)
    {
        var row = string.IsNullOrEmpty(flowId) ? null : await tokens.FindAsync(flowId, TokenKind.RecoveryFlow, cancellationToken);
        if (row is null)
        {
            throw new DomainException(ErrorCodes.FlowInvalid, DomainErrorKind.Validation);
        }

        return Check(row, stage);
    }

    public (StoredToken Row, RecoveryFlowPayload Payload) Check(StoredToken row, RecoveryFlowStage stage)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Record.UsedAt is not null)
        {
            throw new DomainException(ErrorCodes.LinkUsed, DomainErrorKind.Gone);
        }

        // Expiry is checked on every use, never left to the cleanup timer.
        if (row.Record.ExpiresAt <= time.GetUtcNow())
        {
            throw new DomainException(ErrorCodes.FlowExpired, DomainErrorKind.Gone);
        }

        var payload = RecoveryFlowPayload.Parse(row.Record.Payload);
        RecoveryFlowMachine.Require(payload.Stage, stage);
        return (row, payload);
    }

    /// <summary>Marks a row used under its ETag: of concurrent callers exactly one gets through.</summary>
    public async Task CloseAsync(StoredToken row, CancellationToken cancellationToken = default)
    {
        if (!await tokens.TryReplaceAsync(row, row.Record with { UsedAt = time.GetUtcNow() }, cancellationToken))
        {
            throw new DomainException(ErrorCodes.LinkUsed, DomainErrorKind.Gone);
        }
    }

    /// <summary>Opens the post-mailbox flow (15 minutes) for an account at a stage.</summary>
    public async Task<OpenFlow> OpenAsync(Account account, RecoveryFlowStage stage, bool helpdesk, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var now = time.GetUtcNow();
        var expiresAt = now + options.Value.RecoveryFlowLifetime;
        var flowId = await tokens.IssueForAsync(TokenKind.RecoveryFlow, account, now, expiresAt, new RecoveryFlowPayload(stage, Helpdesk: helpdesk).Serialize(), cancellationToken: cancellationToken);
        return new OpenFlow(flowId, expiresAt);
    }
}
