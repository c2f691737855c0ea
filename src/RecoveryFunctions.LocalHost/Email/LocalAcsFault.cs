namespace RecoveryFunctions.LocalHost.Email;

/// <summary>A planned failure of the next send: a status code and, for 429, the Retry-After delay (whole seconds on the wire).</summary>
public sealed record LocalAcsFault(int StatusCode, TimeSpan? RetryAfter = null);
