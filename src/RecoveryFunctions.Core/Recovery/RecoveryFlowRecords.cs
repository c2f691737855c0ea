using System.Text.Json;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Recovery;

/// <summary>
/// Recovery flows as token rows (kind <c>RecoveryFlow</c>): the common token columns, plus a JSON
/// <see cref="TokenRecord.Payload"/> with the stage, the code's and the link's hashes, the helpdesk flag and the factor — the
/// one place that payload is read and written, whichever store keeps the rows. Rows of kind <c>RecoveryLink</c> and
/// <c>HelpdeskLink</c> (a link row pointing at its flow, before links carried their flow's address) are no longer read:
/// cleanup sweeps those left.
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
            LinkHash = payload.LinkHash,
            Attempts = r.Attempts,
            UsedAt = r.UsedAt,
            SubscriberNumber = r.SubscriberNumber,
            SecurityStamp = r.SecurityStamp,
            IssuedAt = r.IssuedAt,
            ExpiresAt = r.ExpiresAt,
            ExtendableUntil = r.ExtendableUntil,
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
            Payload = JsonSerializer.Serialize(new Payload(flow.Stage, CodeHash: flow.CodeHash, Helpdesk: flow.Helpdesk, Factor: flow.Factor, LinkHash: flow.LinkHash), Json),
        };
    }

    private static Payload Parse(string? payload)
        => (payload is null ? null : JsonSerializer.Deserialize<Payload>(payload, Json)) ?? throw new InvalidOperationException("Recovery row without payload.");

    /// <summary>The payload's layout (flows stored before <c>Factor</c> or <c>LinkHash</c> read them as null): only hashes and flags, never a secret.</summary>
    private sealed record Payload(RecoveryFlowStage Stage, string? CodeHash = null, bool Helpdesk = false, RecoveryFactor? Factor = null, string? LinkHash = null);
}
