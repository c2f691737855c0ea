namespace RecoveryFunctions.Core.Assistance;

/// <summary>A helpdesk agent as the validated Entra ID token names them: object id (oid) and display name.</summary>
public sealed record AgentIdentity(string Id, string Name);
