using System.Text.Json;
using RecoveryFunctions.Core.Recovery;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Infrastructure.Storage;

/// <summary>
/// Recovery flows and their links as rows of the Tokens table (kind <c>RecoveryFlow</c>, <c>RecoveryLink</c> or
/// <c>HelpdeskLink</c>): the common token columns, plus a JSON <c>Payload</c> with the stage, the code's hash, the
/// link's flow address and the helpdesk flag — the one place that payload is read and written.
/// </summary>
public sealed class TableRecoveryFlowStore(TableTokenStore rows) : IRecoveryFlowStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task AddAsync(RecoveryFlow flow, RecoveryLink? link = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        await rows.AddAsync(flow.Address, ToRecord(flow), cancellationToken);
        if (link is not null)
        {
            await rows.AddAsync(link.Address, ToRecord(link), cancellationToken);
        }
    }

    public async Task<RecoveryFlow?> GetAsync(TokenAddress address, CancellationToken cancellationToken = default)
        => await rows.GetAsync(address, cancellationToken) is { Record.Kind: TokenKind.RecoveryFlow } row ? FromRow(row) : null;

    public async Task<RecoveryLink?> GetLinkAsync(TokenAddress address, CancellationToken cancellationToken = default)
    {
        if (await rows.GetAsync(address, cancellationToken) is not { Record.Kind: TokenKind.RecoveryLink or TokenKind.HelpdeskLink } row)
        {
            return null;
        }

        var r = row.Record;
        var payload = Parse(r.Payload);
        return payload.Flow is null ? null : new RecoveryLink
        {
            Address = row.Address,
            Flow = payload.Flow,
            Helpdesk = payload.Helpdesk,
            SubscriberNumber = r.SubscriberNumber,
            SecurityStamp = r.SecurityStamp,
            IssuedAt = r.IssuedAt,
            ExpiresAt = r.ExpiresAt,
            UsedAt = r.UsedAt,
        };
    }

    public async Task<RecoveryFlow?> TrySaveAsync(RecoveryFlow flow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var version = flow.Version ?? throw new ArgumentException("A flow not yet stored is added, not saved.", nameof(flow));
        return await rows.TryReplaceAsync(flow.Address, version, ToRecord(flow), cancellationToken) is { } written ? flow with { Version = written } : null;
    }

    private static RecoveryFlow FromRow(StoredToken row)
    {
        var r = row.Record;
        var payload = Parse(r.Payload);
        return new RecoveryFlow
        {
            Address = row.Address,
            Version = row.Version,
            Stage = payload.Stage,
            Helpdesk = payload.Helpdesk,
            CodeHash = payload.CodeHash,
            Attempts = r.Attempts,
            UsedAt = r.UsedAt,
            SubscriberNumber = r.SubscriberNumber,
            SecurityStamp = r.SecurityStamp,
            IssuedAt = r.IssuedAt,
            ExpiresAt = r.ExpiresAt,
            ExtendableUntil = r.ExtendableUntil,
        };
    }

    private static TokenRecord ToRecord(RecoveryFlow f) => new()
    {
        Kind = TokenKind.RecoveryFlow,
        SubscriberNumber = f.SubscriberNumber,
        SecurityStamp = f.SecurityStamp,
        IssuedAt = f.IssuedAt,
        ExpiresAt = f.ExpiresAt,
        ExtendableUntil = f.ExtendableUntil,
        UsedAt = f.UsedAt,
        Attempts = f.Attempts,
        Payload = JsonSerializer.Serialize(new Payload(f.Stage, CodeHash: f.CodeHash, Helpdesk: f.Helpdesk), Json),
    };

    private static TokenRecord ToRecord(RecoveryLink l) => new()
    {
        Kind = l.Helpdesk ? TokenKind.HelpdeskLink : TokenKind.RecoveryLink,
        SubscriberNumber = l.SubscriberNumber,
        SecurityStamp = l.SecurityStamp,
        IssuedAt = l.IssuedAt,
        ExpiresAt = l.ExpiresAt,
        UsedAt = l.UsedAt,
        Payload = JsonSerializer.Serialize(new Payload(RecoveryFlowStage.Mailbox, Flow: l.Flow, Helpdesk: l.Helpdesk), Json),
    };

    private static Payload Parse(string? payload)
        => (payload is null ? null : JsonSerializer.Deserialize<Payload>(payload, Json)) ?? throw new InvalidOperationException("Recovery row without payload.");

    /// <summary>The payload's layout, unchanged since flows were first stored: only hashes and row addresses, never a secret.</summary>
    private sealed record Payload(RecoveryFlowStage Stage, string? CodeHash = null, TokenAddress? Flow = null, bool Helpdesk = false);
}
