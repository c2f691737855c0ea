namespace RecoveryFunctions.Functions.Contracts;

public sealed record HealthResponse(string Status, string Storage);
