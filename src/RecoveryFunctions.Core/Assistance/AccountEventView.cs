namespace RecoveryFunctions.Core.Assistance;

/// <summary>One line of an account's audit trail as agents read it: actor is "holder" or "agent:{oid} ({name})".</summary>
public sealed record AccountEventView(DateTimeOffset At, string Type, string Actor, string? Detail);
