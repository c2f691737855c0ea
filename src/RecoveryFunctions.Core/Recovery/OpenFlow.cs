namespace RecoveryFunctions.Core.Recovery;

/// <summary>A flow id handed to the client and when it stops being accepted.</summary>
public sealed record OpenFlow(string FlowId, DateTimeOffset ExpiresAt);
