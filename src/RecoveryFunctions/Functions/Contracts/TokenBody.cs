namespace RecoveryFunctions.Functions;

/// <summary>A link token travels in the body, never in a URL, so request logs cannot hold it.</summary>
public sealed record TokenBody(string Token);
