namespace RecoveryFunctions.Core.Summary;

public sealed record QuestionView(int Id, string Text);
