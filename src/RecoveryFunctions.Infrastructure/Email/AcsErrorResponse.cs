namespace RecoveryFunctions.Infrastructure.Email;

/// <summary>The error body ACS returns with a 4xx or 5xx: { "error": { "code", "message" } }.</summary>
public sealed record AcsErrorResponse(AcsErrorDetail? Error);
