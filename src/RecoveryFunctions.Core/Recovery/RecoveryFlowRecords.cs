using System.Text.Json;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Recovery;

/// <summary>
/// Recovery flows and their links as token rows (kind <c>RecoveryFlow</c>, <c>RecoveryLink</c> or <c>HelpdeskLink</c>):
/// the common token columns, plus a JSON <see cref="TokenRecord.Payload"/> with the stage, the code's hash, the link's
/// flow address and the helpdesk flag — the one place that payload is read and written, whichever store keeps the rows.
/// </summary>
public static class RecoveryFlowRecords
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The flow at a row, or null when the row holds something else.</summary>
    public static RecoveryFlow? ToFlow(StoredToken row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Record.Kind != TokenKind.RecoveryFlow)
        {
            return null;
        }

        var r = row.Record;
        var payload = Parse(r.Payload);
        return new RecoveryFlow
        {
            Address = row.Address,
            Version = row.Version,
            Stage = payload.Stage,
            Helpdesk = payload.Helpdesk,
            Factor = payload.Factor,
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

    /// <summary>The recovery or helpdesk link at a row, or null when the row holds something else.</summary>
    public static RecoveryLink? ToLink(StoredToken row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Record.Kind is not (TokenKind.RecoveryLink or TokenKind.HelpdeskLink))
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

    public static TokenRecord ToRecord(RecoveryFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return new()
        {
            Kind = TokenKind.RecoveryFlow,
            SubscriberNumber = flow.SubscriberNumber,
            SecurityStamp = flow.SecurityStamp,
            IssuedAt = flow.IssuedAt,
            ExpiresAt = flow.ExpiresAt,
            ExtendableUntil = flow.ExtendableUntil,
            UsedAt = flow.UsedAt,
            Attempts = flow.Attempts,
            Payload = JsonSerializer.Serialize(new Payload(flow.Stage, CodeHash: flow.CodeHash, Helpdesk: flow.Helpdesk, Factor: flow.Factor), Json),
        };
    }

    public static TokenRecord ToRecord(RecoveryLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        return new()
        {
            Kind = link.Helpdesk ? TokenKind.HelpdeskLink : TokenKind.RecoveryLink,
            SubscriberNumber = link.SubscriberNumber,
            SecurityStamp = link.SecurityStamp,
            IssuedAt = link.IssuedAt,
            ExpiresAt = link.ExpiresAt,
            UsedAt = link.UsedAt,
            Payload = JsonSerializer.Serialize(new Payload(RecoveryFlowStage.Mailbox, Flow: link.Flow, Helpdesk: link.Helpdesk), Json),
        };
    }

    private static Payload Parse(string? payload)
        => (payload is null ? null : JsonSerializer.Deserialize<Payload>(payload, Json)) ?? throw new InvalidOperationException("Recovery row without payload.");

    /// <summary>The payload's layout (flows stored before <c>Factor</c> read it as null): only hashes, row addresses and flags, never a secret.</summary>
    private sealed record Payload(RecoveryFlowStage Stage, string? CodeHash = null, TokenAddress? Flow = null, bool Helpdesk = false, RecoveryFactor? Factor = null);
}
