namespace RecoveryFunctions.Core.Registration;

public sealed record RegistrationRequest(string Email, string Password, int SecurityQuestionId, string SecurityAnswer, string? Phone, string Language);
