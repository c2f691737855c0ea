namespace RecoveryFunctions.Core.Assistance;

/// <summary>Who acts and why: every agent operation takes one, and the audit row records both.</summary>
public sealed record AgentRequest(AgentIdentity Agent, string Reason);
