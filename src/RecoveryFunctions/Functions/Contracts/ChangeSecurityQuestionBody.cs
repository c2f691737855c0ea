namespace RecoveryFunctions.Functions.Contracts;

public sealed record ChangeSecurityQuestionBody(string CurrentPassword, int SecurityQuestionId, string SecurityAnswer);
