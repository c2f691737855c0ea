namespace RecoveryFunctions.Functions.Contracts;

public sealed record QuestionResponse(int Id, string Text);
