namespace RecoveryFunctions.Functions.Contracts;

public sealed record SignInBody(string Email, string Password);
