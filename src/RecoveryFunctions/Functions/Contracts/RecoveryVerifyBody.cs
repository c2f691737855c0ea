namespace RecoveryFunctions.Functions.Contracts;

/// <summary>Either the token from the emailed link, or the flow id of the page plus the typed code.</summary>
public sealed record RecoveryVerifyBody(string? Token = null, string? FlowId = null, string? Code = null);
