namespace RecoveryFunctions.Functions.Contracts;

public sealed record RecoveryAnswerBody(string FlowId, string Answer);
