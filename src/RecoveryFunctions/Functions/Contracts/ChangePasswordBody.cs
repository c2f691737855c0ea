namespace RecoveryFunctions.Functions.Contracts;

public sealed record ChangePasswordBody(string CurrentPassword, string NewPassword);
