using System.Text.Json;
using RecoveryFunctions.Core.Tokens;

namespace RecoveryFunctions.Core.Recovery;

/// <summary>
/// What a flow or link row holds besides the common token fields. Only hashes and row addresses:
/// the code is an HMAC bound to its flow, the link points at its flow by address (an HMAC too).
/// </summary>
public sealed record RecoveryFlowPayload(RecoveryFlowStage Stage, string? CodeHash = null, TokenAddress? Flow = null, bool Helpdesk = false)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    public static RecoveryFlowPayload Parse(string? payload)
        => (payload is null ? null : JsonSerializer.Deserialize<RecoveryFlowPayload>(payload, Json))
           ?? throw new InvalidOperationException("Recovery row without payload.");
}
