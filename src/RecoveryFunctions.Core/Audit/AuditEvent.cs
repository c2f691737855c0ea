namespace RecoveryFunctions.Core.Audit;

/// <summary>
/// One audit row. Holder events have no agent; agent events carry the agent's Entra object id and name
/// and the reason the agent gave. <see cref="Detail"/> is free text that must never hold a secret.
/// Every text value goes through <see cref="AuditText.Neutralise"/> on its way in (constructor and
/// <c>with</c> alike), so no writer, and no row stored before the rule, can put a forged line in front of a reader.
/// </summary>
public sealed record AuditEvent(
    string SubscriberNumber,
    DateTimeOffset At,
    string Type,
    string? AgentId = null,
    string? AgentName = null,
    string? Reason = null,
    string? Detail = null)
{
    /// <summary>Partition of events that matched no account (agent searches, sign-in locks on unknown addresses), so fishing leaves a trace too.</summary>
    public const string UnmatchedLookUps = "unmatched";

    private readonly string? _agentId = AuditText.Neutralise(AgentId);
    private readonly string? _agentName = AuditText.Neutralise(AgentName);
    private readonly string? _reason = AuditText.Neutralise(Reason);
    private readonly string? _detail = AuditText.Neutralise(Detail);

    public string? AgentId { get => _agentId; init => _agentId = AuditText.Neutralise(value); }

    public string? AgentName { get => _agentName; init => _agentName = AuditText.Neutralise(value); }

    public string? Reason { get => _reason; init => _reason = AuditText.Neutralise(value); }

    public string? Detail { get => _detail; init => _detail = AuditText.Neutralise(value); }

    public static AuditEvent ByHolder(string subscriberNumber, DateTimeOffset at, string type, string? detail = null)
        => new(subscriberNumber, at, type, Detail: detail);
}
