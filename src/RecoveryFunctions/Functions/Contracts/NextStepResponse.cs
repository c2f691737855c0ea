namespace RecoveryFunctions.Functions.Contracts;

public sealed record NextStepResponse(string Next, DateTimeOffset ExpiresAt);
