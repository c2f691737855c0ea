namespace RecoveryFunctions.Core.Throttling;

/// <summary>One counter to hit: what is counted (scope), for whom (key, never stored in clear), and its limit.</summary>
public sealed record ThrottleCounter(string Scope, string Key, int Limit);
