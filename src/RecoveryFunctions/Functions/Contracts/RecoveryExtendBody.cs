namespace RecoveryFunctions.Functions.Contracts;

/// <summary>The flow whose time limit the person extends.</summary>
public sealed record RecoveryExtendBody(string FlowId);
