namespace RecoveryFunctions.Infrastructure.Email;

/// <summary>An ACS error (code and message), as found in an operation status or an error response.</summary>
public sealed record AcsErrorDetail(string? Code, string? Message);
