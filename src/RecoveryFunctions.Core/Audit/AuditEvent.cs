namespace RecoveryFunctions.Core.Audit;

/// <summary>
/// One audit row. Holder events have no agent; agent events carry the agent's Entra object id and name
/// and the reason the agent gave. <see cref="Detail"/> is free text that must never hold a secret.
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

    public static AuditEvent ByHolder(string subscriberNumber, DateTimeOffset at, string type, string? detail = null)
        => new(subscriberNumber, at, type, Detail: detail);
}
