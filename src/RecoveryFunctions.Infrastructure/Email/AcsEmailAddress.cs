namespace RecoveryFunctions.Infrastructure.Email;

/// <summary>One recipient address.</summary>
public sealed record AcsEmailAddress(string Address, string? DisplayName = null);
