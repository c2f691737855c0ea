namespace RecoveryFunctions.Functions.Contracts;

public sealed record ChangeEmailBody(string CurrentPassword, string NewEmail);
